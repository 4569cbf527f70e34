// The client library reports every failure as an exception derived from
// lstar::client::Error. The subclass says what went wrong, so a caller can
// tell a target that refused a request (TargetError: try something else)
// from a connection that is gone (DisconnectedError: start over).
#pragma once

#include <stdexcept>
#include <string>

namespace lstar::client {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The TCP connection could not be established.
class ConnectError : public Error {
 public:
  using Error::Error;
};

// The server did not answer within the configured time.
class TimeoutError : public Error {
 public:
  using Error::Error;
};

// The server closed the connection (or it broke).
class DisconnectedError : public Error {
 public:
  using Error::Error;
};

// The server sent something that is not valid RSP, or not a valid answer to
// the request (a malformed stop reply, a register file of the wrong size).
class ProtocolError : public Error {
 public:
  using Error::Error;
};

// The server answered "Exx": it understood the request and refused it.
class TargetError : public Error {
 public:
  TargetError(const std::string& what, int code) : Error(what), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

// The server answered with an empty packet: it does not implement the request
// (e.g. watchpoints on a stub without Z2).
class UnsupportedError : public Error {
 public:
  using Error::Error;
};

// The request needs a stopped target, but it is running (fast mode) or gone.
class StateError : public Error {
 public:
  using Error::Error;
};

}  // namespace lstar::client
