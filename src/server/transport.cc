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
         ec == asio::error::bad_descriptor || ec == http::error::partial_message;
}

class Connection;

// Where a connection is in its request cycle; only touched on the connection's strand.
enum class Phase {
  kIdle,      // waiting for a request (nothing of it received yet, unless got_some)
  kReading,   // reading a request's body
  kHandling,  // in the handler: must be answered
  kWriting,   // sending the answer, or lingering after a refusal
};

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
  bool warned_full = false;         // on the control strand

  // Live connections, so that shutdown can reach them all.
  std::mutex mu;
  std::map<uint64_t, std::weak_ptr<Connection>> live;

  Impl(TransportOptions o, Handler h, BodyLimit b, std::shared_ptr<spdlog::logger> l)
      : opt(std::move(o)), handler(std::move(h)), body_limit(std::move(b)), log(std::move(l)) {}

  void Accept();
  void BeginStop();
  void Drained();
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

// The request path for the access log: control characters (a decoded %0A) escaped, so a
// client cannot forge log lines.
std::string LoggedPath(const std::string& path) {
  std::string out;
  out.reserve(path.size());
  for (char c : path) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) {
      out += fmt::format("%{:02X}", u);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// One connection: read a head, choose the body limit, read the body, call the handler, write
// the answer, and again while keep-alive lasts. Every step runs on the connection's strand.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Transport::Impl& m, tcp::socket socket, uint64_t id)
      : m_(m),
        stream_(std::move(socket)),
        id_(id),
        // Bounded: the head, plus one read of body bytes (moved into the body as they come).
        // Without a bound a never-ending chunk-size line or trailer grows it without limit.
        buffer_(m.opt.max_header_bytes + kReadPiece),
        stop_timer_(stream_.get_executor()) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = ep.address().to_string();
  }

  // On the control strand, from Accept.
  void Start() {
    {
      std::lock_guard<std::mutex> l(m_.mu);
      m_.live[id_] = weak_from_this();
    }
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->ReadHead(); });
  }

  asio::any_io_executor executor() { return stream_.get_executor(); }

  // On the strand, posted by the shutdown. A connection waiting for a request closes now; one
  // receiving a request gets kStopReadGrace to finish sending it, then closes unanswered (it
  // was never acknowledged); one in the handler or writing is answered and then closes.
  void OnStop() {
    if (phase_ == Phase::kHandling || phase_ == Phase::kWriting) return;
    if (phase_ == Phase::kIdle && buffer_.size() == 0 && !(parser_ && parser_->got_some())) {
      return Cancel();
    }
    stop_timer_.expires_after(kStopReadGrace);
    stop_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec) return;
      if (self->phase_ == Phase::kIdle || self->phase_ == Phase::kReading) self->Cancel();
    });
  }

 private:
  // Bytes read from the socket at a time (Beast's own default).
  static constexpr size_t kReadPiece = 64 << 10;
  // Once shutdown began, how long a client still sending a request may take to finish it.
  static constexpr auto kStopReadGrace = std::chrono::seconds(2);
  // A body must arrive at least this fast on average (besides the read timeout per piece), so
  // a client dripping a byte at a time cannot hold a connection and its buffer for ever.
  static constexpr size_t kMinBodyBytesPerSecond = 16 << 10;

  void Cancel() {
    beast::error_code ignored;
    stream_.socket().cancel(ignored);
  }

  void ReadHead() {
    phase_ = Phase::kIdle;
    if (m_.stopping.load()) return Close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(m_.opt.max_header_bytes));
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());  // chosen after the head
    stream_.expires_after(std::chrono::seconds(m_.opt.read_timeout_seconds));
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHead(ec); });
  }

  void OnHead(beast::error_code ec) {
    phase_ = Phase::kReading;
    start_ = Clock::now();
    if (ec && IsDisconnect(ec)) return Close();
    req_ = HttpRequest{};
    req_.remote_addr = remote_;
    req_.request_id = std::to_string(++m_.request_counter);
    if (ec) return Refuse(400);  // not HTTP, or a head over the limit
    const auto& msg = parser_->get();
    version_ = msg.version();
    // A request whose Transfer-Encoding does not end in chunked has no knowable length
    // (RFC 9112 6.3); Beast would read it as bodiless and parse the rest as the next request.
    if (msg.find(http::field::transfer_encoding) != msg.end() && !parser_->chunked()) {
      return Refuse(400);
    }
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
    body_deadline_ = Clock::now() + std::chrono::seconds(m_.opt.read_timeout_seconds) +
                     std::chrono::seconds((length ? *length : limit) / kMinBodyBytesPerSecond);
    // HTTP/1.0 has no 100 Continue: the expectation is ignored there.
    if (version_ >= 11 && !parser_->is_done() &&
        beast::iequals(msg[http::field::expect], "100-continue")) {
      continue_.emplace(http::status::continue_, version_);
      stream_.expires_after(std::chrono::seconds(m_.opt.write_timeout_seconds));
      http::async_write(stream_, *continue_,
                        [self = shared_from_this()](beast::error_code e, size_t) {
                          if (e) return self->Close();
                          self->ReadBody();
                        });
      return;
    }
    ReadBody();
  }

  // The body a piece at a time: the read timeout applies to each piece (an upload that keeps
  // coming is not cut off by it), within an overall deadline of a minimum average rate.
  void ReadBody() {
    if (parser_->is_done()) return OnBody({});
    stream_.expires_at(
        std::min(Clock::now() + std::chrono::seconds(m_.opt.read_timeout_seconds), body_deadline_));
    http::async_read_some(stream_, buffer_, *parser_,
                          [self = shared_from_this()](beast::error_code ec, size_t) {
                            if (ec) return self->OnBody(ec);
                            self->ReadBody();
                          });
  }

  void OnBody(beast::error_code ec) {
    if (ec == http::error::body_limit) return Refuse(413);
    if (ec && IsDisconnect(ec)) return Close();
    if (ec) return Refuse(400);  // a malformed body (bad chunk encoding, overlong chunk line)
    phase_ = Phase::kHandling;
    req_.body = std::move(parser_->get().body());
    bool keep = parser_->get().keep_alive() && ++served_ < m_.opt.keep_alive_max_count;
    ApiResponse out = m_.Call(req_);
    keep = keep && !m_.stopping.load();
    Write(std::move(out), keep, /*linger=*/false);
  }

  // Answers with a bare error and closes, lingering first: the client may still be sending.
  void Refuse(int status) { Write(BareStatusResponse(status), false, /*linger=*/true); }

  void Write(ApiResponse out, bool keep, bool linger) {
    phase_ = Phase::kWriting;
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
    stop_timer_.cancel();
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
    m_.Unregister(id_);
  }

  Transport::Impl& m_;
  beast::tcp_stream stream_;
  uint64_t id_;
  std::string remote_;
  beast::flat_buffer buffer_;
  asio::steady_timer stop_timer_;
  Phase phase_ = Phase::kIdle;
  std::optional<Parser> parser_;
  HttpRequest req_;
  unsigned version_ = 0;
  int served_ = 0;
  int status_ = 0;
  Clock::time_point start_;
  Clock::time_point body_deadline_;
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
    log->error("exception req={} {} {}: {}", req.request_id, req.method, LoggedPath(req.path),
               e.what());
  } catch (...) {
    log->error("exception req={} {} {}: unknown", req.request_id, req.method, LoggedPath(req.path));
  }
  return ErrorResponse(500, "internal",
                       Msg("服务器内部错误（请求编号 {}）", "internal server error (request id {})",
                           req.request_id));
}

void Transport::Impl::Access(const HttpRequest& req, int status, size_t bytes,
                             Clock::time_point start) {
  double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  log->info("access remote={} method={} path={} status={} bytes={} ms={:.1f} user={} req={}",
            req.remote_addr, req.method.empty() ? "-" : LoggedPath(req.method),
            req.path.empty() ? "-" : LoggedPath(req.path), status, bytes, ms,
            req.log_user.empty() ? "-" : req.log_user,
            req.request_id.empty() ? "-" : req.request_id);
}

void Transport::Impl::Unregister(uint64_t id) {
  bool last = false;
  {
    std::lock_guard<std::mutex> l(mu);
    if (live.erase(id) == 0) return;  // closed twice
    last = live.empty() && stopping.load();
  }
  if (last) asio::post(control, [this] { Drained(); });
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
    size_t open = 0;
    {
      std::lock_guard<std::mutex> l(mu);
      open = live.size();
    }
    if (open >= static_cast<size_t>(opt.max_connections)) {
      // Full: refuse this one (the client sees the connection closed) rather than run out of
      // descriptors and memory.
      if (!warned_full) log->warn("{} connections open: refusing new ones", open);
      warned_full = true;
      socket.close(ec);
      return Accept();
    }
    warned_full = false;
    socket.set_option(tcp::no_delay(true), ec);  // no Nagle wait on small responses
    std::make_shared<Connection>(*this, std::move(socket), ++connection_counter)->Start();
    Accept();
  });
}

// On the control strand: stop accepting, tell every connection (idle ones close at once), and
// give the busy ones until the deadline. A second signal stops at once.
void Transport::Impl::BeginStop() {
  if (stopping.exchange(true)) return;
  beast::error_code ec;
  acceptor.close(ec);
  accept_pause.cancel();
  signals.async_wait([this](const beast::error_code& e, int sig) {
    if (e) return;
    log->warn("signal {} again: stopping now, without waiting for requests in flight", sig);
    ioc.stop();
  });
  std::vector<std::shared_ptr<Connection>> open;
  {
    std::lock_guard<std::mutex> l(mu);
    for (auto& [id, weak] : live) {
      if (auto conn = weak.lock()) open.push_back(std::move(conn));
    }
  }
  if (open.empty()) return Drained();
  for (auto& conn : open) {
    // Through the connection's strand (its stream is not thread-safe).
    asio::post(conn->executor(), [conn] { conn->OnStop(); });
  }
  deadline.expires_after(std::chrono::seconds(opt.write_timeout_seconds + kShutdownGraceSeconds));
  deadline.async_wait([this](const beast::error_code& e) {
    if (e) return;  // cancelled: the last connection closed
    log->warn("shutdown: requests still running after the grace period are abandoned");
    ioc.stop();
  });
}

// On the control strand, once stopping and no connection is left: nothing keeps the loop.
void Transport::Impl::Drained() {
  beast::error_code ec;
  deadline.cancel();
  signals.cancel(ec);
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
  // An exception escaping a completion handler (bad_alloc, say) is logged; the loop goes on.
  auto run = [&m] {
    for (;;) {
      try {
        m.ioc.run();
        return;
      } catch (const std::exception& e) {
        m.log->error("event loop: {}", e.what());
      }
    }
  };
  for (int i = 1; i < n; ++i) threads.emplace_back(run);
  run();
  for (auto& t : threads) t.join();
}

void Transport::Stop() {
  Impl& m = *impl_;
  asio::post(m.control, [&m] { m.BeginStop(); });
}

}  // namespace guihua::server
