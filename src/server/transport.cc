// The only translation unit that includes Boost.Asio and Beast (they cost seconds per TU).
// One io_context run by `threads` threads; the acceptor, the signal set and the shutdown
// deadline live on one strand ("control"), each connection is a chain of completion handlers
// on its own strand (callbacks rather than C++20 coroutines: clang 14, which builds the fuzz
// targets and runs clang-tidy, cannot compile Asio's coroutines against libstdc++ 12). A
// handler runs inline in its connection's completion handler, so it blocks one loop thread,
// never the others.
#include "server/transport.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <csignal>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>  // before Asio: with GCC 12 in C++20, asio/awaitable.hpp needs std::exchange
#include <vector>

#include "common/i18n.h"

namespace guihua::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using Parser = http::request_parser<http::string_body>;
using BeastResponse = http::response<http::string_body>;

// After refusing a body, how long and how much the transport keeps reading and discarding
// before it closes, so that a client still sending sees the 413 instead of a reset.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr size_t kLingerBytes = 64u << 20;
// How much longer than its timeouts a request may run once shutdown began.
constexpr int kShutdownGraceSeconds = 5;

bool IsDisconnect(const beast::error_code& ec) {
  return ec == http::error::end_of_stream || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == asio::error::operation_aborted ||
         ec == asio::error::broken_pipe || ec == beast::error::timeout ||
         ec == asio::error::bad_descriptor;
}

class Connection;

}  // namespace

struct Transport::Impl {
  using Strand = asio::strand<asio::io_context::executor_type>;

  TransportOptions opt;
  Handler handler;
  BodyLimit body_limit;
  std::shared_ptr<spdlog::logger> log;

  asio::io_context ioc;
  Strand control{ioc.get_executor()};
  tcp::acceptor acceptor{control};
  asio::signal_set signals{control, SIGTERM, SIGINT};
  asio::steady_timer deadline{control};
  asio::steady_timer accept_pause{control};

  std::atomic<bool> stopping{false};
  std::atomic<uint64_t> request_counter{0};
  uint64_t connection_counter = 0;  // on the control strand

  // Live connections, so that shutdown can close the idle ones.
  struct Live {
    std::weak_ptr<Connection> connection;
    bool idle;
  };
  std::mutex mu;
  std::map<uint64_t, Live> live;

  Impl(TransportOptions o, Handler h, BodyLimit b, std::shared_ptr<spdlog::logger> l)
      : opt(std::move(o)), handler(std::move(h)), body_limit(std::move(b)), log(std::move(l)) {}

  void Accept();
  void BeginStop();
  // Marks connection `id` idle (waiting for a request) or busy. Returns false when the server
  // is stopping and the connection, now idle, should close instead of waiting.
  bool SetIdle(uint64_t id, bool idle);
  void Unregister(uint64_t id);
  ApiResponse Call(HttpRequest& req);
  void Access(const HttpRequest& req, int status, size_t bytes, Clock::time_point start);
};

namespace {

BeastResponse ToBeast(ApiResponse out, const HttpRequest& req, unsigned version, bool keep) {
  BeastResponse res{static_cast<http::status>(out.status), version};
  for (auto& [k, v] : out.headers) res.insert(k, v);  // insert: Set-Cookie may repeat
  // Nothing is cached unless the response says so (the front end's files do).
  if (res.find(http::field::cache_control) == res.end()) {
    res.set(http::field::cache_control, "no-store");
  }
  if (res.find("X-Content-Type-Options") == res.end()) res.set("X-Content-Type-Options", "nosniff");
  res.set(http::field::content_type, out.content_type);
  if (!req.request_id.empty()) res.set("X-Request-Id", req.request_id);
  res.keep_alive(keep);
  res.body() = std::move(out.body);
  res.prepare_payload();
  if (req.method == "HEAD") res.body().clear();  // Content-Length stays that of the GET
  return res;
}

// One connection: read a head, choose the body limit, read the body, call the handler, write
// the answer, and again while keep-alive lasts. Every step runs on the connection's strand.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Transport::Impl& m, tcp::socket socket, uint64_t id)
      : m_(m), stream_(std::move(socket)), id_(id) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = ep.address().to_string();
  }

  void Start() {
    {
      std::lock_guard<std::mutex> l(m_.mu);
      m_.live[id_] = Transport::Impl::Live{weak_from_this(), true};
    }
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->ReadHead(); });
  }

  asio::any_io_executor executor() { return stream_.get_executor(); }

  // On the strand (posted by the shutdown): closes the connection if it is waiting for a
  // request; one that is busy finishes its request and then closes.
  void CloseIfIdle() {
    {
      std::lock_guard<std::mutex> l(m_.mu);
      auto it = m_.live.find(id_);
      if (it == m_.live.end() || !it->second.idle) return;
    }
    beast::error_code ignored;
    stream_.socket().cancel(ignored);
  }

 private:
  void ReadHead() {
    if (!m_.SetIdle(id_, true)) return Close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(m_.opt.max_header_bytes));
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());  // chosen after the head
    stream_.expires_after(std::chrono::seconds(m_.opt.read_timeout_seconds));
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHead(ec); });
  }

  void OnHead(beast::error_code ec) {
    m_.SetIdle(id_, false);
    start_ = Clock::now();
    if (ec && IsDisconnect(ec)) return Close();
    req_ = HttpRequest{};
    req_.remote_addr = remote_;
    req_.request_id = std::to_string(++m_.request_counter);
    if (ec) return Refuse(400);  // not HTTP, or a head over the limit
    const auto& msg = parser_->get();
    version_ = msg.version();
    req_.method = std::string(msg.method_string());
    req_.target = std::string(msg.target());
    req_.path = DecodePath(req_.target);
    if (size_t q = req_.target.find('?'); q != std::string::npos) {
      req_.query = ParseQuery(std::string_view(req_.target).substr(q + 1));
    }
    for (const auto& field : msg) {
      req_.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    size_t limit = m_.body_limit(req_);
    auto length = parser_->content_length();
    if (length && *length > limit) return Refuse(413);
    parser_->body_limit(limit);
    if (beast::iequals(msg[http::field::expect], "100-continue")) {
      continue_.emplace(http::status::continue_, version_);
      http::async_write(stream_, *continue_,
                        [self = shared_from_this()](beast::error_code e, size_t) {
                          if (e) return self->Close();
                          self->ReadBody();
                        });
      return;
    }
    ReadBody();
  }

  // The body a piece at a time, the read timeout applying to each piece: an upload that keeps
  // coming is not cut off however slow the link, one that stalls is.
  void ReadBody() {
    if (parser_->is_done()) return OnBody({});
    stream_.expires_after(std::chrono::seconds(m_.opt.read_timeout_seconds));
    http::async_read_some(stream_, buffer_, *parser_,
                          [self = shared_from_this()](beast::error_code ec, size_t) {
                            if (ec) return self->OnBody(ec);
                            self->ReadBody();
                          });
  }

  void OnBody(beast::error_code ec) {
    if (ec == http::error::body_limit) return Refuse(413);
    if (ec && IsDisconnect(ec)) return Close();
    if (ec) return Refuse(400);  // a malformed body (bad chunk encoding)
    req_.body = std::move(parser_->get().body());
    bool keep = parser_->get().keep_alive() && ++served_ < m_.opt.keep_alive_max_count;
    ApiResponse out = m_.Call(req_);
    keep = keep && !m_.stopping.load();
    Write(std::move(out), keep, /*linger=*/false);
  }

  // Answers with a bare error and closes; after a refused body, lingers first.
  void Refuse(int status) { Write(BareStatusResponse(status), false, status == 413); }

  void Write(ApiResponse out, bool keep, bool linger) {
    status_ = out.status;
    res_.emplace(ToBeast(std::move(out), req_, version_ ? version_ : 11, keep));
    serializer_.emplace(*res_);
    WriteMore(keep, linger);
  }

  // Like ReadBody: the write timeout applies to each piece sent, so a large export reaches a
  // slow client, and a client that stops reading is dropped.
  void WriteMore(bool keep, bool linger) {
    stream_.expires_after(std::chrono::seconds(m_.opt.write_timeout_seconds));
    http::async_write_some(stream_, *serializer_,
                           [self = shared_from_this(), keep, linger](beast::error_code ec, size_t) {
                             if (!ec && !self->serializer_->is_done())
                               return self->WriteMore(keep, linger);
                             self->m_.Access(self->req_, self->status_, self->res_->body().size(),
                                             self->start_);
                             self->serializer_.reset();
                             self->res_.reset();
                             if (ec) return self->Close();
                             if (linger) return self->Linger();
                             if (keep) return self->ReadHead();
                             self->Close();
                           });
  }

  // Reads and discards what the client still sends (bounded in time and bytes), then closes.
  void Linger() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    linger_until_ = Clock::now() + kLingerTime;
    LingerMore();
  }

  void LingerMore() {
    if (lingered_ >= kLingerBytes || Clock::now() >= linger_until_) return Close();
    stream_.expires_at(linger_until_);
    stream_.async_read_some(asio::buffer(sink_),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              if (ec) return self->Close();
                              self->lingered_ += n;
                              self->LingerMore();
                            });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
    m_.Unregister(id_);
  }

  Transport::Impl& m_;
  beast::tcp_stream stream_;
  uint64_t id_;
  std::string remote_;
  beast::flat_buffer buffer_;
  std::optional<Parser> parser_;
  HttpRequest req_;
  unsigned version_ = 0;
  int served_ = 0;
  int status_ = 0;
  Clock::time_point start_;
  std::optional<http::response<http::empty_body>> continue_;
  std::optional<BeastResponse> res_;
  std::optional<http::response_serializer<http::string_body>> serializer_;  // of *res_
  Clock::time_point linger_until_;
  size_t lingered_ = 0;
  std::array<char, 16384> sink_{};
};

}  // namespace

// --- The transport's shared state ---

// The handler's answer, or a 500 naming the request when it throws.
ApiResponse Transport::Impl::Call(HttpRequest& req) {
  try {
    return handler(req);
  } catch (const std::exception& e) {
    log->error("exception req={} {} {}: {}", req.request_id, req.method, req.path, e.what());
  } catch (...) {
    log->error("exception req={} {} {}: unknown", req.request_id, req.method, req.path);
  }
  return ErrorResponse(500, "internal",
                       Msg("服务器内部错误（请求编号 {}）", "internal server error (request id {})",
                           req.request_id));
}

void Transport::Impl::Access(const HttpRequest& req, int status, size_t bytes,
                             Clock::time_point start) {
  double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  log->info("access remote={} method={} path={} status={} bytes={} ms={:.1f} user={} req={}",
            req.remote_addr, req.method.empty() ? "-" : req.method,
            req.path.empty() ? "-" : req.path, status, bytes, ms,
            req.log_user.empty() ? "-" : req.log_user,
            req.request_id.empty() ? "-" : req.request_id);
}

bool Transport::Impl::SetIdle(uint64_t id, bool idle) {
  std::lock_guard<std::mutex> l(mu);
  auto it = live.find(id);
  if (it != live.end()) it->second.idle = idle;
  return !(idle && stopping.load());
}

void Transport::Impl::Unregister(uint64_t id) {
  bool last = false;
  {
    std::lock_guard<std::mutex> l(mu);
    if (live.erase(id) == 0) return;  // closed twice
    last = live.empty() && stopping.load();
  }
  if (last) asio::post(control, [this] { deadline.cancel(); });
}

// On the control strand: accepts connections until the acceptor is closed.
void Transport::Impl::Accept() {
  acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (stopping.load() || ec == asio::error::operation_aborted) return;
    if (ec) {  // out of descriptors, say: wait a little rather than spin
      log->warn("accept: {}", ec.message());
      accept_pause.expires_after(std::chrono::milliseconds(50));
      accept_pause.async_wait([this](beast::error_code) { Accept(); });
      return;
    }
    socket.set_option(tcp::no_delay(true), ec);  // no Nagle wait on small responses
    std::make_shared<Connection>(*this, std::move(socket), ++connection_counter)->Start();
    Accept();
  });
}

// On the control strand: stop accepting, close idle connections, and give the busy ones until
// the deadline.
void Transport::Impl::BeginStop() {
  if (stopping.exchange(true)) return;
  beast::error_code ec;
  acceptor.close(ec);
  signals.cancel(ec);
  accept_pause.cancel();
  std::vector<std::shared_ptr<Connection>> open;
  {
    std::lock_guard<std::mutex> l(mu);
    for (auto& [id, c] : live) {
      if (auto conn = c.connection.lock()) open.push_back(std::move(conn));
    }
  }
  for (auto& conn : open) {
    // Through the connection's strand (its stream is not thread-safe).
    asio::post(conn->executor(), [conn] { conn->CloseIfIdle(); });
  }
  if (open.empty()) return;
  deadline.expires_after(std::chrono::seconds(opt.read_timeout_seconds + opt.write_timeout_seconds +
                                              kShutdownGraceSeconds));
  deadline.async_wait([this](const beast::error_code& e) {
    if (e) return;  // cancelled: the last connection closed
    log->warn("shutdown: requests still running after the grace period are abandoned");
    ioc.stop();
  });
}

// --- Transport ---

Transport::Transport(TransportOptions opt, Handler handler, BodyLimit body_limit,
                     std::shared_ptr<spdlog::logger> log)
    : impl_(std::make_unique<Impl>(std::move(opt), std::move(handler), std::move(body_limit),
                                   std::move(log))) {}

Transport::~Transport() = default;

Status Transport::Bind() {
  Impl& m = *impl_;
  beast::error_code ec;
  tcp::resolver resolver(m.ioc);
  auto endpoints = resolver.resolve(m.opt.host, std::to_string(m.opt.port),
                                    tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  std::string why = ec ? ec.message() : "";
  for (const auto& entry : endpoints) {
    m.acceptor.close(ec);
    m.acceptor.open(entry.endpoint().protocol(), ec);
    if (!ec) m.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) m.acceptor.bind(entry.endpoint(), ec);
    if (!ec) m.acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (!ec) return Status::Ok();
    why = ec.message();
  }
  m.acceptor.close(ec);
  return Status::Unavailable(
      Msg("无法监听 {}:{}（{}）", "cannot listen on {}:{} ({})", m.opt.host, m.opt.port, why));
}

void Transport::Run() {
  Impl& m = *impl_;
  m.signals.async_wait([&m](const beast::error_code& ec, int sig) {
    if (ec) return;
    m.log->info("signal {}: stopping (finishing in-flight requests)", sig);
    m.BeginStop();
  });
  asio::dispatch(m.control, [&m] { m.Accept(); });
  std::vector<std::thread> threads;
  int n = std::max(1, m.opt.threads);
  threads.reserve(static_cast<size_t>(n - 1));
  for (int i = 1; i < n; ++i) threads.emplace_back([&m] { m.ioc.run(); });
  m.ioc.run();
  for (auto& t : threads) t.join();
}

void Transport::Stop() {
  Impl& m = *impl_;
  asio::post(m.control, [&m] { m.BeginStop(); });
}

}  // namespace guihua::server
