// The route table and the handlers of /api/v1/. Handlers stay thin: parse parameters, call
// service/ or store/, serialise; rules live in workflow/ and service/.
#include "server/api.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "common/i18n.h"
#include "indicators/evaluate.h"
#include "plan/plan_json.h"
#include "service/api_queries.h"
#include "service/evaluation_report.h"
#include "service/reporting_service.h"
#include "workflow/evidence.h"

namespace guihua::server {
namespace {

using json = nlohmann::ordered_json;

std::string Dump(const json& j) { return j.dump(2, ' ', false, json::error_handler_t::replace); }

ApiResponse Ok(std::string body) { return ApiResponse{200, std::move(body), {}}; }

// Parses an optional integer query parameter; false (with `err` set) when malformed.
bool QueryInt(const ApiContext& c, const std::string& name, int64_t* out, ApiResponse* err) {
  std::string v = c.Query(name);
  if (v.empty()) return true;
  int64_t x = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
  if (ec != std::errc() || p != v.data() + v.size()) {
    *err = ErrorResponse(400, "invalid_argument",
                         Msg("参数 {} 须为整数（收到“{}”）",
                             "parameter {} must be an integer (got \"{}\")", name, v),
                         name);
    return false;
  }
  *out = x;
  return true;
}

json UserJson(const workflow::User& u) { return json::parse(service::UserToJson(u)); }

ApiResponse Created(std::string body) { return ApiResponse{201, std::move(body), {}}; }

ApiResponse BadField(const std::string& field, const std::string& message) {
  return ErrorResponse(400, "invalid_argument", message, field);
}

// A Status whose message starts with "field：" or "field:" (the workflow's convention) maps
// to an error naming that field.
ApiResponse FieldStatusResponse(const Status& s) {
  ApiResponse r = StatusResponse(s);
  if (s.code() != Status::Code::kInvalidArgument) return r;
  const std::string& m = s.message();
  size_t cut = std::min(m.find("："), m.find(':'));
  if (cut == std::string::npos || cut == 0 || cut > 40) return r;
  std::string field = m.substr(0, cut);
  for (char ch : field) {
    if (!((ch >= 'a' && ch <= 'z') || ch == '_')) return r;
  }
  return ErrorResponse(400, "invalid_argument", m, field);
}

// The JSON object of a request body, read field by field; each getter returns false with
// `err` set (naming the field) when the field is missing (if required) or of the wrong type.
class Body {
 public:
  static std::optional<Body> Parse(const std::string& text, ApiResponse* err) {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) return Body(json::object());
    json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) {
      *err = ErrorResponse(400, "invalid_argument",
                           Tr("请求体须为 JSON 对象", "the body must be a JSON object"));
      return std::nullopt;
    }
    return Body(std::move(j));
  }
  bool Has(const char* f) const { return j_.contains(f) && !j_[f].is_null(); }
  bool Str(const char* f, std::string* out, bool required, ApiResponse* err) const {
    if (!Has(f)) return Missing(f, required, err);
    if (!j_[f].is_string()) return Wrong(f, Tr("字符串", "a string"), err);
    *out = j_[f].get<std::string>();
    return true;
  }
  bool Int(const char* f, int64_t* out, bool required, ApiResponse* err) const {
    if (!Has(f)) return Missing(f, required, err);
    if (!j_[f].is_number_integer()) return Wrong(f, Tr("整数", "an integer"), err);
    *out = j_[f].get<int64_t>();
    return true;
  }
  bool Num(const char* f, double* out, bool required, ApiResponse* err) const {
    if (!Has(f)) return Missing(f, required, err);
    if (!j_[f].is_number()) return Wrong(f, Tr("数值", "a number"), err);
    *out = j_[f].get<double>();
    return true;
  }
  bool StrList(const char* f, std::vector<std::string>* out, ApiResponse* err) const {
    if (!Has(f)) return true;
    if (!j_[f].is_array()) return Wrong(f, Tr("字符串数组", "an array of strings"), err);
    for (const json& v : j_[f]) {
      if (!v.is_string()) return Wrong(f, Tr("字符串数组", "an array of strings"), err);
      out->push_back(v.get<std::string>());
    }
    return true;
  }

 private:
  explicit Body(json j) : j_(std::move(j)) {}
  static bool Missing(const char* f, bool required, ApiResponse* err) {
    if (!required) return true;
    *err = BadField(f, Msg("缺少字段 {}", "missing field {}", f));
    return false;
  }
  static bool Wrong(const char* f, const std::string& type, ApiResponse* err) {
    *err = BadField(f, Msg("字段 {} 须为{}", "field {} must be {}", f, type));
    return false;
  }
  json j_;
};

// A positive integer path parameter; false with a 404 naming `what` otherwise.
bool PathId(const ApiContext& c, size_t i, const char* what_zh, const char* what_en, int64_t* out,
            ApiResponse* err) {
  const std::string& s = c.params.at(i);
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  if (ec != std::errc() || p != s.data() + s.size() || *out <= 0) {
    *err = ErrorResponse(404, "not_found",
                         Msg("没有编号为 {0} 的{1}", "no {2} with id {0}", s, what_zh, what_en));
    return false;
  }
  return true;
}

service::Caller CallerOf(const ApiContext& c) { return {c.auth->user, c.action}; }
service::Actor ActorOf(const ApiContext& c) {
  const workflow::User& u = c.auth->user;
  return {u.name, workflow::RoleName(u.role), u.unit, c.action};
}

// POST /session {"username","password"}: throttled per account and per address; sets the
// session cookie and returns the CSRF token.
ApiResponse Login(ApiContext& c) {
  json body = json::parse(c.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object())
    return ErrorResponse(400, "invalid_argument",
                         Tr("请求体须为 JSON 对象", "the body must be a JSON object"));
  for (const char* f : {"username", "password"}) {
    if (!body.contains(f) || !body[f].is_string())
      return ErrorResponse(400, "invalid_argument",
                           Msg("缺少字符串字段 {}", "missing string field {}", f), f);
  }
  std::string name = body["username"].get<std::string>();
  std::string password = body["password"].get<std::string>();
  auto now = workflow::LoginThrottle::Clock::now();
  if (c.state.throttle.Blocked(name, c.remote_addr, now)) {
    return ErrorResponse(429, "too_many_attempts",
                         Tr("登录失败次数过多，请 15 分钟后再试",
                            "too many failed logins; try again in 15 minutes"));
  }
  auto r = service::Login(c.store, name, password, c.state.options.session_ttl_seconds, c.action);
  if (!r.ok()) {
    if (r.status().code() != Status::Code::kInvalidArgument) return StatusResponse(r.status());
    c.state.throttle.RecordFailure(name, c.remote_addr, now);
    return ErrorResponse(401, "unauthenticated", r.status().message());
  }
  c.state.throttle.RecordSuccess(name);
  ApiResponse res = Ok(Dump(
      {{"csrf_token", r->csrf_token}, {"expires_at", r->expires_at}, {"user", UserJson(r->user)}}));
  res.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) + "=" + r->token +
                                             "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                                             std::to_string(c.state.options.session_ttl_seconds));
  return res;
}

ApiResponse Logout(ApiContext& c) {
  Status s = service::Logout(c.store, c.session_token, c.action);
  if (!s.ok()) return StatusResponse(s);
  ApiResponse res = Ok(R"({"ok":true})");
  res.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) +
                                             "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  return res;
}

// The page's question on load: "am I logged in?" — 200 either way (a 401 here would be a
// console error on every anonymous page), with the CSRF token so a reloaded tab can write.
ApiResponse SessionInfo(ApiContext& c) {
  auto who = service::Authenticate(c.store, c.session_token);
  if (!who.ok()) {
    if (who.status().code() != Status::Code::kNotFound) return StatusResponse(who.status());
    return Ok(R"({"user":null})");
  }
  return Ok(Dump({{"csrf_token", who->session.csrf_token},
                  {"expires_at", who->session.expires_at},
                  {"user", UserJson(who->user)}}));
}

ApiResponse Me(ApiContext& c) {
  json j = UserJson(c.auth->user);
  j["session_expires_at"] = c.auth->session.expires_at;
  return Ok(Dump(j));
}

ApiResponse ListPlans(ApiContext& c) {
  auto plans = c.store.ListPlans();
  if (!plans.ok()) return StatusResponse(plans.status());
  return Ok(service::PlansToJson(*plans));
}

ApiResponse GetPlan(ApiContext& c) {
  int64_t id = 0;
  const std::string& s = c.params.at(0);
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc() || p != s.data() + s.size() || id <= 0) {
    return ErrorResponse(404, "not_found", Msg("没有编号为 {} 的规划", "no plan with id {}", s),
                         "id");
  }
  auto plan = c.store.LoadPlan(id, 0);
  if (!plan.ok()) return StatusResponse(plan.status());
  return Ok(plan::PlanToJson(*plan));
}

// Reads the task filters (plan, unit, part, status, overdue, q), the day `overdue` is judged
// on (today) and paging into a query; false with `err` on a bad value.
bool TaskQueryFrom(const ApiContext& c, service::TaskQuery* q, ApiResponse* err) {
  if (!QueryInt(c, "plan", &q->plan_id, err) || !QueryInt(c, "page", &q->page, err) ||
      !QueryInt(c, "per_page", &q->per_page, err)) {
    return false;
  }
  q->unit = c.Query("unit");
  q->part = c.Query("part");
  q->status = c.Query("status");
  q->q = c.Query("q");
  q->today = c.Query("today");  // checked by the query ("today：…")
  std::string overdue = c.Query("overdue");
  if (overdue == "true" || overdue == "1") q->overdue = true;
  if (overdue == "false" || overdue == "0") q->overdue = false;
  if (!overdue.empty() && !q->overdue) {
    *err = BadField("overdue", Msg("overdue 须为 true 或 false（收到“{}”）",
                                   "overdue must be true or false (got \"{}\")", overdue));
    return false;
  }
  return true;
}

ApiResponse ListTasks(ApiContext& c) {
  service::TaskQuery q;
  ApiResponse err;
  if (!TaskQueryFrom(c, &q, &err)) return err;
  auto page = service::QueryTasks(c.store, q);
  if (!page.ok()) return FieldStatusResponse(page.status());
  return Ok(service::TaskPageToJson(*page));
}

ApiResponse ListIndicators(ApiContext& c) {
  int64_t plan_id = 0;
  ApiResponse err;
  if (!QueryInt(c, "plan", &plan_id, &err)) return err;
  auto inds = c.store.LoadIndicators(plan_id);
  if (!inds.ok()) return StatusResponse(inds.status());
  return Ok(service::IndicatorsToJson(*inds));
}

// Reads as_of, region, method and plan into a query; false with `err` on a bad value.
bool EvaluationQueryFrom(const ApiContext& c, service::EvaluationQuery* q, ApiResponse* err) {
  if (!QueryInt(c, "plan", &q->plan_id, err)) return false;
  q->region = c.Query("region");
  std::string as_of = c.Query("as_of");
  if (!as_of.empty()) {
    q->options.as_of = indicators::ParsePeriod(as_of);
    if (!q->options.as_of) {
      *err = ErrorResponse(400, "invalid_argument",
                           Msg("as_of “{}”不是时期（2023、2023-Q2 或 2023-06）",
                               "as_of \"{}\" is not a period (2023, 2023-Q2 or 2023-06)", as_of),
                           "as_of");
      return false;
    }
  }
  std::string method = c.Query("method");
  if (!method.empty() && !indicators::ParseMethod(method, &q->options.method)) {
    *err = ErrorResponse(400, "invalid_argument",
                         Msg("method “{}”须为 pace、cagr 或 escap",
                             "method \"{}\" must be pace, cagr or escap", method),
                         "method");
    return false;
  }
  return true;
}

// The value `compute()` returns, from `cache` while the data is unchanged.
template <typename V, typename Compute>
Result<V> Cached(StampedCache<V>& cache, store::Store& store, const std::string& key,
                 Compute compute) {
  GH_ASSIGN_OR_RETURN(std::string stamp, store.ChangeStamp());
  if (auto hit = cache.Get(key, stamp)) return std::move(*hit);
  std::lock_guard<std::mutex> one_at_a_time(cache.compute_mu);
  GH_ASSIGN_OR_RETURN(stamp, store.ChangeStamp());  // another request may have computed it
  if (auto hit = cache.Get(key, stamp)) return std::move(*hit);
  GH_ASSIGN_OR_RETURN(V value, compute());
  // Stamped with the value read before computing: a write meanwhile makes it stale at once.
  cache.Put(key, stamp, value);
  return value;
}

// Serves `compute()` from the derived-results cache while the data is unchanged.
template <typename Compute>
ApiResponse CachedJson(ApiContext& c, const std::string& key, Compute compute) {
  Result<std::string> body = Cached(c.state.derived, c.store, key, compute);
  if (!body.ok()) return StatusResponse(body.status());
  return Ok(std::move(*body));
}

std::string EvaluationKey(const ApiContext& c) {
  return c.action + "|" + c.Query("plan") + "|" + c.Query("as_of") + "|" + c.Query("region") + "|" +
         c.Query("method") + "|" + (CurrentLanguage() == Lang::kZh ? "zh" : "en");
}

ApiResponse Evaluation(ApiContext& c) {
  service::EvaluationQuery q;
  ApiResponse err;
  if (!EvaluationQueryFrom(c, &q, &err)) return err;
  return CachedJson(c, EvaluationKey(c), [&]() -> Result<std::string> {
    GH_ASSIGN_OR_RETURN(service::EvaluationRun run, service::EvaluateStored(c.store, q));
    return service::EvaluationsToJson(run.evaluations);
  });
}

ApiResponse Dashboard(ApiContext& c) {
  service::EvaluationQuery q;
  ApiResponse err;
  if (!EvaluationQueryFrom(c, &q, &err)) return err;
  return CachedJson(c, EvaluationKey(c), [&]() -> Result<std::string> {
    GH_ASSIGN_OR_RETURN(service::EvaluationRun run, service::EvaluateStored(c.store, q));
    return service::DashboardJson(run);
  });
}

// GET /search?q=&plan=&limit=: the plan's search index is built once per change of the data.
ApiResponse Search(ApiContext& c) {
  int64_t plan_id = 0, limit = service::kDefaultSearchLimit;
  ApiResponse err;
  if (!QueryInt(c, "plan", &plan_id, &err) || !QueryInt(c, "limit", &limit, &err)) return err;
  std::string q = c.Query("q");
  // A bad query is refused before an index is built for it; Search checks the limit.
  if (auto terms = service::SearchTerms(q); !terms.ok()) return FieldStatusResponse(terms.status());
  auto index = Cached(c.state.search, c.store, std::to_string(plan_id),
                      [&] { return service::LoadSearchIndex(c.store, plan_id); });
  if (!index.ok()) return StatusResponse(index.status());
  auto result = (*index)->Search(q, limit);
  if (!result.ok()) return FieldStatusResponse(result.status());
  return Ok(service::SearchResultToJson(*result));
}

ApiResponse ListUsers(ApiContext& c) {
  auto users = c.store.ListUsers();
  if (!users.ok()) return StatusResponse(users.status());
  return Ok(service::UsersToJson(*users));
}

ApiResponse ListAudit(ApiContext& c) {
  int64_t limit = 100, offset = 0;
  ApiResponse err;
  if (!QueryInt(c, "limit", &limit, &err) || !QueryInt(c, "offset", &offset, &err)) return err;
  if (limit < 1 || limit > 1000)
    return ErrorResponse(400, "invalid_argument",
                         Msg("limit 须在 1–1000 之间", "limit must be 1-1000"), "limit");
  if (offset < 0)
    return ErrorResponse(400, "invalid_argument", Tr("offset 不能为负", "offset must be >= 0"),
                         "offset");
  auto entries = c.store.LoadAudit(limit, offset);
  if (!entries.ok()) return StatusResponse(entries.status());
  json arr = json::array();
  for (const workflow::AuditEntry& e : *entries) {
    arr.push_back({{"id", e.id},
                   {"at", e.at},
                   {"user", e.user},
                   {"role", e.role},
                   {"unit", e.unit},
                   {"action", e.action},
                   {"entity", e.entity},
                   {"before", e.before},
                   {"after", e.after},
                   {"prev_hash", e.prev_hash},
                   {"hash", e.hash}});
  }
  return Ok(Dump(arr));
}

ApiResponse OpenApi(ApiContext&) { return Ok(OpenApiJson()); }

// --- Users (admin) ---

ApiResponse CreateUser(ApiContext& c) {
  ApiResponse err;
  auto b = Body::Parse(c.body, &err);
  if (!b) return err;
  std::string name, password, role, unit;
  if (!b->Str("username", &name, true, &err) || !b->Str("password", &password, true, &err) ||
      !b->Str("role", &role, true, &err) || !b->Str("unit", &unit, false, &err)) {
    return err;
  }
  service::NewUser nu{name, workflow::Role::kViewer, unit};
  if (!workflow::ParseRole(role, &nu.role) || nu.role == workflow::Role::kPublic) {
    return BadField("role",
                    Msg("role 须为 admin、reviewer、reporter 或 viewer（收到“{}”）",
                        "role must be admin, reviewer, reporter or viewer (got \"{}\")", role));
  }
  auto u = service::AddUser(c.store, nu, password, ActorOf(c));
  if (!u.ok()) return FieldStatusResponse(u.status());
  return Created(service::UserToJson(*u));
}

ApiResponse ChangeUserPassword(ApiContext& c) {
  ApiResponse err;
  auto b = Body::Parse(c.body, &err);
  if (!b) return err;
  std::string password;
  if (!b->Str("password", &password, true, &err)) return err;
  Status s = service::ChangePassword(c.store, c.params.at(0), password, ActorOf(c));
  if (!s.ok()) return FieldStatusResponse(s);
  return Ok(R"({"ok":true})");
}

ApiResponse DisableUser(ApiContext& c) {
  if (c.params.at(0) == c.auth->user.name) {
    return ErrorResponse(409, "failed_precondition",
                         Tr("不能停用自己的账户", "you cannot disable your own account"));
  }
  Status s = service::DisableUser(c.store, c.params.at(0), ActorOf(c));
  if (!s.ok()) return StatusResponse(s);
  return Ok(R"({"ok":true})");
}

ApiResponse ListUnits(ApiContext& c) {
  auto units = c.store.LoadUnits();
  if (!units.ok()) return StatusResponse(units.status());
  auto regions = c.store.LoadRegions();
  if (!regions.ok()) return StatusResponse(regions.status());
  json u = json::array();
  for (const plan::Unit& x : *units) {
    u.push_back({{"name", x.name},
                 {"short_name", x.short_name},
                 {"type", x.type},
                 {"parent", x.parent},
                 {"aliases", x.aliases}});
  }
  json r = json::array();
  for (const indicators::Region& x : *regions) {
    r.push_back({{"name", x.name}, {"parent", x.parent}, {"type", x.type}});
  }
  return Ok(Dump({{"units", u}, {"regions", r}}));
}

// --- Rounds ---

ApiResponse ListRounds(ApiContext& c) {
  auto rounds = c.store.ListRounds();
  if (!rounds.ok()) return StatusResponse(rounds.status());
  return Ok(service::RoundsJson(*rounds));
}

ApiResponse OpenRound(ApiContext& c) {
  ApiResponse err;
  auto b = Body::Parse(c.body, &err);
  if (!b) return err;
  workflow::Round r;
  if (!b->Str("name", &r.name, true, &err) || !b->Str("period", &r.period, true, &err) ||
      !b->Str("due_on", &r.due_on, true, &err) || !b->Str("opens_on", &r.opens_on, false, &err)) {
    return err;
  }
  auto out = service::OpenRound(c.store, CallerOf(c), std::move(r));
  if (!out.ok()) return FieldStatusResponse(out.status());
  return Created(service::RoundJson(*out));
}

ApiResponse CloseRound(ApiContext& c) {
  int64_t id = 0;
  ApiResponse err;
  if (!PathId(c, 0, "填报轮次", "round", &id, &err)) return err;
  auto out = service::CloseRound(c.store, CallerOf(c), id);
  if (!out.ok()) return StatusResponse(out.status());
  return Ok(service::RoundJson(*out));
}

// --- Tasks and reports ---

ApiResponse GetTask(ApiContext& c) {
  int64_t id = 0, plan_id = 0;
  ApiResponse err;
  if (!PathId(c, 0, "任务", "task", &id, &err) || !QueryInt(c, "plan", &plan_id, &err)) return err;
  auto out = service::TaskDetailWithProgressJson(c.store, plan_id, id);
  if (!out.ok()) return StatusResponse(out.status());
  return Ok(std::move(*out));
}

ApiResponse SubmitTaskReport(ApiContext& c) {
  service::TaskReportInput in;
  ApiResponse err;
  if (!PathId(c, 0, "任务", "task", &in.task_id, &err) || !QueryInt(c, "plan", &in.plan_id, &err)) {
    return err;
  }
  auto b = Body::Parse(c.body, &err);
  if (!b) return err;
  std::string status;
  int64_t percent = 0;
  if (!b->Str("period", &in.period, !b->Has("round_id"), &err) ||
      !b->Int("round_id", &in.round_id, false, &err) || !b->Int("percent", &percent, true, &err) ||
      !b->Str("status", &status, true, &err) ||
      !b->Str("narrative", &in.content.narrative, false, &err) ||
      !b->StrList("evidence", &in.content.evidence, &err)) {
    return err;
  }
  if (percent < 0 || percent > 100) {
    return BadField("percent", Msg("percent：进度须在 0 到 100 之间（{}）",
                                   "percent: must be 0 to 100 ({})", percent));
  }
  in.content.percent = static_cast<int>(percent);
  if (!workflow::ParseTaskProgress(status, &in.content.progress)) {
    return BadField("status", Msg("status 须为 未启动、推进中、已完成 或 滞后（收到“{}”）",
                                  "status must be not_started, in_progress, completed or lagging "
                                  "(got \"{}\")",
                                  status));
  }
  auto r = service::SubmitTaskReport(c.store, CallerOf(c), std::move(in));
  if (!r.ok()) return FieldStatusResponse(r.status());
  return Created(service::ReportJson(*r));
}

ApiResponse SubmitValue(ApiContext& c) {
  service::ValueInput in;
  in.value.indicator = c.params.at(0);
  in.value.region = c.params.at(1);
  ApiResponse err;
  auto b = Body::Parse(c.body, &err);
  if (!b) return err;
  if (!b->Num("value", &in.value.value, true, &err) ||
      !b->Str("period", &in.value.period, false, &err) ||
      !b->Int("round_id", &in.round_id, false, &err) ||
      !b->Str("round_period", &in.period_of_round, false, &err) ||
      !b->Str("source", &in.value.source, false, &err) ||
      !b->Str("note", &in.value.note, false, &err)) {
    return err;
  }
  if (in.round_id == 0 && in.period_of_round.empty()) {
    if (in.value.period.empty()) {
      return BadField("period", Tr("请给出 period（数据时期）、round_id 或 round_period",
                                   "give period (of the value), round_id or round_period"));
    }
    in.period_of_round = in.value.period;
  }
  auto r = service::SubmitValue(c.store, CallerOf(c), std::move(in));
  if (!r.ok()) return FieldStatusResponse(r.status());
  return Created(service::ReportJson(*r));
}

ApiResponse ListReports(ApiContext& c) {
  store::ReportFilter f;
  int64_t page = 1, per_page = 100;
  ApiResponse err;
  if (!QueryInt(c, "round", &f.round_id, &err) || !QueryInt(c, "plan", &f.plan_id, &err) ||
      !QueryInt(c, "task", &f.task_id, &err) || !QueryInt(c, "page", &page, &err) ||
      !QueryInt(c, "per_page", &per_page, &err)) {
    return err;
  }
  if (page < 1 || page > 1000000) {
    return BadField("page", Tr("page 须为 1–1000000 的整数", "page must be 1-1000000"));
  }
  if (per_page < 1 || per_page > 500) {
    return BadField("per_page", Tr("per_page 须在 1–500 之间", "per_page must be 1-500"));
  }
  f.unit = c.Query("unit");
  f.indicator = c.Query("indicator");
  std::string kind = c.Query("kind"), state = c.Query("state");
  if (kind == "task") f.kind = workflow::ReportKind::kTask;
  if (kind == "value") f.kind = workflow::ReportKind::kValue;
  if (!kind.empty() && !f.kind) {
    return BadField("kind", Tr("kind 须为 task 或 value", "kind must be task or value"));
  }
  for (auto st : {workflow::ReportState::kDraft, workflow::ReportState::kSubmitted,
                  workflow::ReportState::kApproved, workflow::ReportState::kReturned}) {
    if (state == workflow::ReportStateName(st)) f.state = st;
  }
  if (!state.empty() && !f.state) {
    return BadField("state", Tr("state 须为 draft、submitted、approved 或 returned",
                                "state must be draft, submitted, approved or returned"));
  }
  f.limit = per_page;
  f.offset = (page - 1) * per_page;
  auto reports = c.store.LoadReports(f);
  if (!reports.ok()) return StatusResponse(reports.status());
  return Ok(service::ReportsJson(*reports));
}

ApiResponse GetReport(ApiContext& c) {
  int64_t id = 0;
  ApiResponse err;
  if (!PathId(c, 0, "报告", "report", &id, &err)) return err;
  auto r = c.store.FindReport(id);
  if (!r.ok()) return StatusResponse(r.status());
  return Ok(service::ReportJson(*r));
}

ApiResponse Review(ApiContext& c, bool approve) {
  int64_t id = 0;
  ApiResponse err;
  if (!PathId(c, 0, "报告", "report", &id, &err)) return err;
  auto b = Body::Parse(c.body, &err);
  if (!b) return err;
  std::string comment;
  if (!b->Str("comment", &comment, !approve, &err)) return err;
  auto r = service::ReviewReport(c.store, CallerOf(c), id, approve, comment);
  if (!r.ok()) return FieldStatusResponse(r.status());
  return Ok(service::ReportJson(*r));
}
ApiResponse ApproveReport(ApiContext& c) { return Review(c, true); }
ApiResponse ReturnReport(ApiContext& c) { return Review(c, false); }

ApiResponse CloseOutTask(ApiContext& c) {
  int64_t id = 0, plan_id = 0;
  ApiResponse err;
  if (!PathId(c, 0, "任务", "task", &id, &err) || !QueryInt(c, "plan", &plan_id, &err)) return err;
  auto b = Body::Parse(c.body, &err);
  if (!b) return err;
  std::string comment;
  if (!b->Str("comment", &comment, false, &err)) return err;
  auto out = service::CloseOutTask(c.store, CallerOf(c), plan_id, id, comment);
  if (!out.ok()) return StatusResponse(out.status());
  return Created(service::CloseOutJson(*out));
}

ApiResponse Due(ApiContext& c) {
  int64_t plan_id = 0, within = 3;
  ApiResponse err;
  if (!QueryInt(c, "plan", &plan_id, &err) || !QueryInt(c, "within", &within, &err)) return err;
  if (within < 0 || within > 366) {
    return BadField("within", Tr("within 须在 0–366 天之间", "within must be 0-366 days"));
  }
  std::string today = c.Query("today");
  if (!today.empty() && !workflow::DayNumber(today).ok()) {
    return BadField("today", Msg("today：“{}”不是日期（YYYY-MM-DD）",
                                 "today: \"{}\" is not a date (YYYY-MM-DD)", today));
  }
  std::string unit = c.Query("unit");
  // A reporter's reminders are its own unit's unless it asks for another.
  if (unit.empty() && c.auth->user.role == workflow::Role::kReporter) unit = c.auth->user.unit;
  auto items =
      service::Reminders(c.store, plan_id, unit, c.Query("today"), static_cast<int>(within));
  if (!items.ok()) return FieldStatusResponse(items.status());
  return Ok(service::DueItemsJson(*items));
}

ApiResponse Progress(ApiContext& c) {
  int64_t plan_id = 0;
  ApiResponse err;
  if (!QueryInt(c, "plan", &plan_id, &err)) return err;
  auto out = service::TaskProgressJson(c.store, plan_id);
  if (!out.ok()) return StatusResponse(out.status());
  return Ok(std::move(*out));
}

// --- Indicator values ---

ApiResponse ListObservations(ApiContext& c) {
  std::string code = c.Query("indicator"), region = c.Query("region");
  if (code.empty()) {
    return BadField("indicator", Tr("请指定 indicator（指标代码）", "indicator is required"));
  }
  auto obs = c.store.LoadObservations({code});
  if (!obs.ok()) return StatusResponse(obs.status());
  json arr = json::array();
  for (const indicators::Observation& o : *obs) {
    if (!region.empty() && o.region != region) continue;
    arr.push_back({{"indicator", o.indicator},
                   {"region", o.region},
                   {"period", o.period.ToString()},
                   {"value", o.value},
                   {"source", o.source},
                   {"status", indicators::ObservationStatusName(o.status)}});
  }
  return Ok(Dump(arr));
}

// --- Evidence files ---

ApiResponse UploadEvidence(ApiContext& c) {
  std::string name = c.Query("name");
  if (name.empty())
    return BadField("name", Tr("请给出文件名 name", "name (the file name) is required"));
  // Too large is 413 however much too large (the transport itself refuses only beyond the limit
  // plus its slack).
  if (c.body.size() > static_cast<size_t>(workflow::kMaxEvidenceBytes)) {
    return ErrorResponse(
        413, "payload_too_large",
        Msg("{}：文件过大（{} 字节，上限 {} MiB）", "{}: too large ({} bytes, limit {} MiB)", name,
            c.body.size(), workflow::kMaxEvidenceBytes >> 20));
  }
  auto f = service::StoreEvidence(c.store, CallerOf(c), c.state.evidence_dir, name, c.body);
  if (!f.ok()) {
    ApiResponse r = StatusResponse(f.status());
    if (r.status == 400) r = BadField("name", f.status().message());
    return r;
  }
  return Created(service::EvidenceJson(*f));
}

// RFC 5987 encoding of a file name for Content-Disposition.
std::string PercentEncode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : s) {
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
        ch == '.' || ch == '-' || ch == '_') {
      out.push_back(static_cast<char>(ch));
    } else {
      out += '%';
      out += hex[ch >> 4];
      out += hex[ch & 15];
    }
  }
  return out;
}

ApiResponse DownloadEvidence(ApiContext& c) {
  auto f = service::LoadEvidence(c.store, c.state.evidence_dir, c.params.at(0));
  if (!f.ok()) {
    return f.status().code() == Status::Code::kInvalidArgument
               ? ErrorResponse(404, "not_found", f.status().message())
               : StatusResponse(f.status());
  }
  ApiResponse res{200, std::move(f->second), {}, f->first.type};
  res.headers.emplace_back("Content-Disposition",
                           "attachment; filename*=UTF-8''" + PercentEncode(f->first.name));
  res.headers.emplace_back("Content-Security-Policy", "sandbox");
  return res;
}

// GET /tasks/export: the 任务分解表 of the filtered tasks (every page) as xlsx.
ApiResponse ExportTasks(ApiContext& c) {
  service::TaskQuery q;
  ApiResponse err;
  if (!TaskQueryFrom(c, &q, &err)) return err;
  auto bytes = service::ExportTasksXlsx(c.store, q);
  if (!bytes.ok()) return FieldStatusResponse(bytes.status());
  ApiResponse res{200,
                  std::move(*bytes),
                  {},
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"};
  res.headers.emplace_back(
      "Content-Disposition",
      "attachment; filename=\"tasks.xlsx\"; filename*=UTF-8''" + PercentEncode("任务分解表.xlsx"));
  return res;
}

// --- Publication (信息公开) ---

ApiResponse PublishResults(ApiContext& c) {
  ApiResponse err;
  auto b = Body::Parse(c.body, &err);
  if (!b) return err;
  int64_t plan_id = 0;
  std::string note, as_of;
  if (!b->Str("note", &note, false, &err) || !b->Str("as_of", &as_of, false, &err) ||
      !b->Int("plan", &plan_id, false, &err)) {
    return err;
  }
  auto p = service::Publish(c.store, CallerOf(c), plan_id, as_of, note);
  if (!p.ok()) return FieldStatusResponse(p.status());
  return Created(service::PublicationJson(*p, /*with_content=*/false));
}

ApiResponse ListPublications(ApiContext& c) {
  auto ps = c.store.ListPublications();
  if (!ps.ok()) return StatusResponse(ps.status());
  json arr = json::array();
  for (const store::Publication& p : *ps)
    arr.push_back(json::parse(service::PublicationJson(p, false)));
  return Ok(Dump(arr));
}

// The public sees the latest publication's content and nothing else (not who published).
ApiResponse PublicResults(ApiContext& c) {
  auto p = c.store.LatestPublication();
  if (!p.ok()) {
    return p.status().code() == Status::Code::kNotFound
               ? ErrorResponse(404, "not_found",
                               Tr("尚未公开发布任何内容", "nothing published yet"))
               : StatusResponse(p.status());
  }
  return Ok(std::move(p->content));
}

using workflow::Action;
// The API. A new route goes here and nowhere else: the server registers this table, the
// OpenAPI document is generated from it, and the authorisation test walks it.
const Route kRoutes[] = {
    {"POST", "/session", Access::kAnonymous, Action::kRead, Scope::kNone, "", "username,password",
     "登录 log in: sets the session cookie, returns the CSRF token", Login},
    {"GET", "/session", Access::kAnonymous, Action::kRead, Scope::kNone, "", "",
     "会话 the current session: the user and CSRF token, or user null (anyone)", SessionInfo},
    {"DELETE", "/session", Access::kSession, Action::kRead, Scope::kNone, "", "", "退出 log out",
     Logout},
    {"GET", "/me", Access::kSession, Action::kRead, Scope::kNone, "", "",
     "当前用户 the logged-in user", Me},
    {"GET", "/plans", Access::kAction, Action::kRead, Scope::kNone, "", "", "规划列表 plans",
     ListPlans},
    {"GET", "/plans/{id}", Access::kAction, Action::kRead, Scope::kNone, "", "",
     "规划纲要结构 a plan's outline (latest version)", GetPlan},
    {"GET", "/tasks", Access::kAction, Action::kRead, Scope::kNone,
     "plan,unit,part,status,overdue,today,q,page,per_page", "",
     "任务分解表 tasks with their progress, filtered by unit, part, progress status, overdue (as "
     "of today, default the server's date) and text, paged (per_page up to 1000)",
     ListTasks},
    // Before /tasks/{id}, which would take "export" for an id.
    {"GET", "/tasks/export", Access::kAction, Action::kRead, Scope::kNone,
     "plan,unit,part,status,overdue,today,q", "",
     "导出任务分解表 the filtered tasks as an xlsx workbook", ExportTasks},
    {"GET", "/tasks/{id}", Access::kAction, Action::kRead, Scope::kNone, "plan", "",
     "任务详情 a task with its reports and close-out", GetTask},
    {"POST", "/tasks/{id}/reports", Access::kAction, Action::kWriteTaskReport, Scope::kTask, "plan",
     "period?,round_id:integer?,percent:integer,status,narrative?,evidence:array?",
     "报送任务进展 submit (or resubmit) the caller's unit's progress report", SubmitTaskReport},
    {"POST", "/tasks/{id}/close-out", Access::kAction, Action::kReview, Scope::kTask, "plan",
     "comment?", "销号 close out a task completed per its approved report", CloseOutTask},
    {"GET", "/progress", Access::kAction, Action::kRead, Scope::kNone, "plan", "",
     "任务完成情况 task progress by plan part", Progress},
    {"GET", "/reports", Access::kAction, Action::kRead, Scope::kNone,
     "kind,state,unit,round,plan,task,indicator,page,per_page", "",
     "报告列表 reports (review queue: state=submitted)", ListReports},
    {"GET", "/reports/{id}", Access::kAction, Action::kRead, Scope::kNone, "", "", "报告 a report",
     GetReport},
    {"POST", "/reports/{id}/approve", Access::kAction, Action::kReview, Scope::kReport, "",
     "comment?", "审核通过 approve a submitted report (a value then feeds the evaluation)",
     ApproveReport},
    {"POST", "/reports/{id}/return", Access::kAction, Action::kReview, Scope::kReport, "",
     "comment", "退回 return a submitted report with a comment", ReturnReport},
    {"GET", "/rounds", Access::kAction, Action::kRead, Scope::kNone, "", "",
     "填报轮次 reporting rounds", ListRounds},
    {"POST", "/rounds", Access::kAction, Action::kManageRounds, Scope::kNone, "",
     "name,period,due_on,opens_on?", "开启填报轮次 open a reporting round", OpenRound},
    {"POST", "/rounds/{id}/close", Access::kAction, Action::kManageRounds, Scope::kNone, "", "",
     "关闭填报轮次 close a round", CloseRound},
    {"GET", "/due", Access::kAction, Action::kRead, Scope::kNone, "plan,unit,today,within", "",
     "提醒 due within N days, overdue and returned, by unit", Due},
    {"GET", "/search", Access::kAction, Action::kRead, Scope::kNone, "q,plan,limit", "",
     "全文检索 search the plan's outline and tasks (every term, case-insensitive)", Search},
    {"GET", "/indicators", Access::kAction, Action::kRead, Scope::kNone, "plan", "",
     "主要指标 the indicator table", ListIndicators},
    {"GET", "/observations", Access::kAction, Action::kRead, Scope::kNone, "indicator,region", "",
     "指标数据 stored values of an indicator", ListObservations},
    {"POST", "/indicators/{code}/regions/{region}/values", Access::kAction,
     Action::kWriteObservation, Scope::kValue, "",
     "value:number,period?,round_id:integer?,round_period?,source?,note?",
     "报送指标数据 submit a value of the indicator for the region", SubmitValue},
    {"GET", "/evaluation", Access::kAction, Action::kRead, Scope::kNone, "plan,as_of,region,method",
     "", "监测评估 evaluation of every indicator x region", Evaluation},
    {"GET", "/dashboard", Access::kAction, Action::kRead, Scope::kNone, "plan,as_of,region,method",
     "", "总览 status counts, warnings, top 10 lagging or deteriorating", Dashboard},
    {"POST", "/evidence", Access::kAction, Action::kWriteTaskReport, Scope::kNone, "name", "",
     "上传佐证材料 upload an evidence file (the body is the file)", UploadEvidence, true},
    {"GET", "/evidence/{hash}", Access::kAction, Action::kRead, Scope::kNone, "", "",
     "下载佐证材料 download an evidence file", DownloadEvidence},
    {"GET", "/units", Access::kAction, Action::kRead, Scope::kNone, "", "",
     "单位与地区 units and regions", ListUnits},
    {"GET", "/users", Access::kAction, Action::kManageUsers, Scope::kNone, "", "",
     "用户 accounts (admin)", ListUsers},
    {"POST", "/users", Access::kAction, Action::kManageUsers, Scope::kNone, "",
     "username,password,role,unit?", "新建用户 create an account (admin)", CreateUser},
    {"POST", "/users/{name}/password", Access::kAction, Action::kManageUsers, Scope::kNone, "",
     "password", "重设密码 set an account's password (admin)", ChangeUserPassword},
    {"POST", "/users/{name}/disable", Access::kAction, Action::kManageUsers, Scope::kNone, "", "",
     "停用用户 disable an account (admin)", DisableUser},
    {"GET", "/audit", Access::kAction, Action::kReadAudit, Scope::kNone, "limit,offset", "",
     "审计日志 the audit log (admin)", ListAudit},
    {"POST", "/publications", Access::kAction, Action::kPublish, Scope::kNone, "",
     "note?,as_of?,plan:integer?", "公开发布 publish a snapshot for the public (admin)",
     PublishResults},
    {"GET", "/publications", Access::kAction, Action::kPublish, Scope::kNone, "", "",
     "发布记录 publications (admin)", ListPublications},
    {"GET", "/public", Access::kAnonymous, Action::kRead, Scope::kNone, "", "",
     "公开信息 the latest publication (anyone)", PublicResults},
    {"GET", "/openapi.json", Access::kAnonymous, Action::kRead, Scope::kNone, "", "",
     "本文档 this OpenAPI document", OpenApi},
};

const char* ScopeName(Scope s) {
  switch (s) {
    case Scope::kNone:
      return "none";
    case Scope::kTask:
      return "task";
    case Scope::kReport:
      return "report";
    case Scope::kValue:
      return "value";
  }
  return "none";
}

// The units a scoped route touches; NotFound when its entity does not exist.
Result<std::vector<std::string>> ScopeUnits(ApiContext& c, Scope scope) {
  auto id_param = [&](int64_t* id) {
    const std::string& s = c.params.at(0);
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *id);
    return ec == std::errc() && p == s.data() + s.size() && *id > 0;
  };
  int64_t id = 0;
  switch (scope) {
    case Scope::kNone:
      return std::vector<std::string>{};
    case Scope::kTask: {
      int64_t plan_id = 0;
      std::string plan = c.Query("plan");
      if (!plan.empty()) std::from_chars(plan.data(), plan.data() + plan.size(), plan_id);
      if (!id_param(&id)) return Status::NotFound(Tr("没有这个任务", "no such task"));
      return service::TaskUnits(c.store, plan_id, id);
    }
    case Scope::kReport: {
      if (!id_param(&id)) return Status::NotFound(Tr("没有这个报告", "no such report"));
      GH_ASSIGN_OR_RETURN(std::string unit, service::ReportUnit(c.store, id));
      return std::vector<std::string>{unit};
    }
    case Scope::kValue: {
      GH_ASSIGN_OR_RETURN(std::string unit,
                          service::ValueOwner(c.store, c.params.at(0), c.params.at(1)));
      return std::vector<std::string>{unit};
    }
  }
  return std::vector<std::string>{};
}

std::vector<std::string> Split(const char* list) {
  std::vector<std::string> out;
  std::string cur;
  for (const char* p = list; *p; ++p) {
    if (*p == ',') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(*p);
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

}  // namespace

std::string ApiContext::Query(const std::string& name) const {
  auto it = query.find(name);
  return it == query.end() ? "" : it->second;
}

std::span<const Route> Routes() { return kRoutes; }

std::optional<ApiResponse> Authorize(ApiContext& c, const Route& route) {
  if (route.access != Access::kAction) return std::nullopt;
  const workflow::User& u = c.auth->user;
  ApiResponse denied =
      ErrorResponse(403, "forbidden",
                    Msg("{}（{}）无权执行 {}", "{} ({}) may not {}", u.name,
                        workflow::RoleName(u.role), workflow::ActionName(route.action)));
  if (route.scope == Scope::kNone) {
    if (!workflow::Allowed(u, route.action, u.unit)) return denied;
    return std::nullopt;
  }
  bool any_rule = false, every_unit = false;
  for (const workflow::AuthRule& r : workflow::AuthorizationRules()) {
    if (r.action != route.action || r.role != u.role) continue;
    any_rule = true;
    every_unit = every_unit || !r.own_unit_only;
  }
  if (!any_rule || u.disabled) return denied;  // no database lookup for a hopeless caller
  auto units = ScopeUnits(c, route.scope);
  if (!units.ok()) {
    if (units.status().code() == Status::Code::kNotFound && !every_unit) return denied;
    return StatusResponse(units.status());
  }
  auto names = service::UnitNames::Load(c.store);
  if (!names.ok()) return StatusResponse(names.status());
  if (!service::AllowedOnAny(u, route.action, *units, *names)) return denied;
  return std::nullopt;
}

ApiResponse ErrorResponse(int http, const std::string& code, const std::string& message,
                          const std::string& field) {
  json j = {{"error", {{"code", code}, {"message", message}, {"field", field}}}};
  return ApiResponse{http, j.dump(-1, ' ', false, json::error_handler_t::replace), {}};
}

ApiResponse StatusResponse(const Status& s) {
  using C = Status::Code;
  switch (s.code()) {
    case C::kOk:
      return ApiResponse{};
    case C::kInvalidArgument:
    case C::kParseError:
      return ErrorResponse(400, "invalid_argument", s.message());
    case C::kNotFound:
      return ErrorResponse(404, "not_found", s.message());
    case C::kAlreadyExists:
      return ErrorResponse(409, "already_exists", s.message());
    case C::kFailedPrecondition:
      return ErrorResponse(409, "failed_precondition", s.message());
    case C::kPermissionDenied:
      return ErrorResponse(403, "forbidden", s.message());
    case C::kUnavailable:
      return ErrorResponse(503, "unavailable", s.message());
    case C::kInternal:
      break;
  }
  return ErrorResponse(500, "internal", Tr("服务器内部错误", "internal server error"));
}

ApiResponse BareStatusResponse(int http) {
  switch (http) {
    case 400:
      return ErrorResponse(400, "bad_request", Tr("请求格式错误", "malformed request"));
    case 404:
      return ErrorResponse(404, "no_such_route", Tr("没有这个接口", "no such route"));
    case 405:
      return ErrorResponse(405, "method_not_allowed",
                           Tr("该接口不支持此方法", "method not allowed on this route"));
    case 413:
      return ErrorResponse(413, "payload_too_large", Tr("请求体过大", "request body too large"));
    case 414:
      return ErrorResponse(414, "uri_too_long", Tr("网址过长", "request URI too long"));
    default:
      break;
  }
  if (http >= 500)
    return ErrorResponse(http, "internal", Tr("服务器内部错误", "internal server error"));
  return ErrorResponse(http, "error", Tr("请求失败", "request failed"));
}

std::string OpenApiJson() {
  json paths = json::object();
  for (const Route& r : kRoutes) {
    std::string method = r.method;
    for (char& ch : method) ch = static_cast<char>(ch - 'A' + 'a');
    json op = {{"summary", r.summary}, {"operationId", method + std::string(r.path)}};
    json params = json::array();
    std::string path = r.path;
    for (size_t open = path.find('{'); open != std::string::npos; open = path.find('{', open + 1)) {
      size_t close = path.find('}', open);
      params.push_back({{"name", path.substr(open + 1, close - open - 1)},
                        {"in", "path"},
                        {"required", true},
                        {"schema", {{"type", "string"}}}});
    }
    for (const std::string& q : Split(r.query)) {
      params.push_back(
          {{"name", q}, {"in", "query"}, {"required", false}, {"schema", {{"type", "string"}}}});
    }
    if (!params.empty()) op["parameters"] = params;
    if (r.upload) {
      op["requestBody"] = {{"required", true},
                           {"content",
                            {{"application/octet-stream",
                              {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}}};
    } else if (*r.body) {
      json props = json::object();
      json required = json::array();
      for (std::string f : Split(r.body)) {
        // "name[:type][?]": type string unless given; '?' marks an optional field.
        bool optional = !f.empty() && f.back() == '?';
        if (optional) f.pop_back();
        std::string type = "string";
        if (size_t colon = f.find(':'); colon != std::string::npos) {
          type = f.substr(colon + 1);
          f.resize(colon);
        }
        props[f] = type == "array" ? json{{"type", "array"}, {"items", {{"type", "string"}}}}
                                   : json{{"type", type}};
        if (!optional) required.push_back(f);
      }
      json schema = {{"type", "object"}, {"properties", props}};
      if (!required.empty()) schema["required"] = required;
      op["requestBody"] = {{"required", !required.empty()},
                           {"content", {{"application/json", {{"schema", schema}}}}}};
    }
    json responses = {
        {"200", {{"description", "OK"}}},
        {"default",
         {{"description", "error"},
          {"content",
           {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}}}};
    op["responses"] = responses;
    if (r.access == Access::kAnonymous) {
      op["security"] = json::array();
    } else {
      op["x-guihua-access"] =
          r.access == Access::kSession ? "session" : workflow::ActionName(r.action);
      if (r.scope != Scope::kNone) op["x-guihua-scope"] = ScopeName(r.scope);
    }
    paths[std::string(kApiPrefix) + r.path][method] = op;
  }
  json doc = {
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "Guihua API"},
        {"version", "1"},
        {"description",
         "规划实施监测评估系统 plan implementation monitoring. Writes need the X-CSRF-Token "
         "header returned by POST /api/v1/session."}}},
      {"paths", paths},
      {"components",
       {{"securitySchemes",
         {{"cookieAuth", {{"type", "apiKey"}, {"in", "cookie"}, {"name", kSessionCookie}}}}},
        {"schemas",
         {{"Error",
           {{"type", "object"},
            {"properties",
             {{"error",
               {{"type", "object"},
                {"properties",
                 {{"code", {{"type", "string"}}},
                  {"message", {{"type", "string"}}},
                  {"field", {{"type", "string"}}}}}}}}}}}}}}},
      {"security", json::array({{{"cookieAuth", json::array()}}})},
  };
  return Dump(doc);
}

}  // namespace guihua::server
