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
  auto r = service::Login(c.store, name, password, c.state.options.session_ttl_seconds);
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
  Status s = service::Logout(c.store, c.session_token);
  if (!s.ok()) return StatusResponse(s);
  ApiResponse res = Ok(R"({"ok":true})");
  res.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) +
                                             "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  return res;
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

ApiResponse ListTasks(ApiContext& c) {
  service::TaskQuery q;
  ApiResponse err;
  if (!QueryInt(c, "plan", &q.plan_id, &err) || !QueryInt(c, "page", &q.page, &err) ||
      !QueryInt(c, "per_page", &q.per_page, &err)) {
    return err;
  }
  q.unit = c.Query("unit");
  auto page = service::QueryTasks(c.store, q);
  if (!page.ok()) return StatusResponse(page.status());
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

ApiResponse Evaluation(ApiContext& c) {
  service::EvaluationQuery q;
  ApiResponse err;
  if (!EvaluationQueryFrom(c, &q, &err)) return err;
  auto run = service::EvaluateStored(c.store, q);
  if (!run.ok()) return StatusResponse(run.status());
  return Ok(service::EvaluationsToJson(run->evaluations));
}

ApiResponse Dashboard(ApiContext& c) {
  service::EvaluationQuery q;
  ApiResponse err;
  if (!EvaluationQueryFrom(c, &q, &err)) return err;
  auto run = service::EvaluateStored(c.store, q);
  if (!run.ok()) return StatusResponse(run.status());
  return Ok(service::DashboardJson(*run));
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

using workflow::Action;
// The API. A new route goes here and nowhere else: the server registers this table and
// the OpenAPI document is generated from it.
const Route kRoutes[] = {
    {"POST", "/session", Access::kAnonymous, Action::kRead, "", "username,password",
     "登录 log in: sets the session cookie, returns the CSRF token", Login},
    {"DELETE", "/session", Access::kSession, Action::kRead, "", "", "退出 log out", Logout},
    {"GET", "/me", Access::kSession, Action::kRead, "", "", "当前用户 the logged-in user", Me},
    {"GET", "/plans", Access::kAction, Action::kRead, "", "", "规划列表 plans", ListPlans},
    {"GET", "/plans/{id}", Access::kAction, Action::kRead, "", "",
     "规划纲要结构 a plan's outline (latest version)", GetPlan},
    {"GET", "/tasks", Access::kAction, Action::kRead, "plan,unit,page,per_page", "",
     "任务分解表 tasks, filtered by lead or co-unit, paged", ListTasks},
    {"GET", "/indicators", Access::kAction, Action::kRead, "plan", "",
     "主要指标 the indicator table", ListIndicators},
    {"GET", "/evaluation", Access::kAction, Action::kRead, "plan,as_of,region,method", "",
     "监测评估 evaluation of every indicator x region", Evaluation},
    {"GET", "/dashboard", Access::kAction, Action::kRead, "plan,as_of,region,method", "",
     "总览 status counts, warnings, top 10 lagging or deteriorating", Dashboard},
    {"GET", "/users", Access::kAction, Action::kManageUsers, "", "", "用户 accounts (admin)",
     ListUsers},
    {"GET", "/audit", Access::kAction, Action::kReadAudit, "limit,offset", "",
     "审计日志 the audit log (admin)", ListAudit},
    {"GET", "/openapi.json", Access::kAnonymous, Action::kRead, "", "",
     "本文档 this OpenAPI document", OpenApi},
};

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
    if (*r.body) {
      json props = json::object();
      json required = json::array();
      for (const std::string& f : Split(r.body)) {
        props[f] = {{"type", "string"}};
        required.push_back(f);
      }
      op["requestBody"] = {
          {"required", true},
          {"content",
           {{"application/json",
             {{"schema", {{"type", "object"}, {"properties", props}, {"required", required}}}}}}}};
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
