#pragma once

#include <QString>
#include <optional>
#include <utility>
#include <variant>

namespace tw {

// A failure the user can read. `message` is one sentence for the UI/CLI;
// `detail` is the technical part (redacted: never a secret or a token).
struct Error
{
    enum class Code {
        Network,      // could not connect / TLS / timeout
        Http,         // server answered with an HTTP error status
        OAuth,        // RFC 6749 §5.2 error body (invalid_client …)
        BadResponse,  // malformed / unexpected answer
        InvalidInput, // bad profile, URL, argument
        Keychain,     // secret store failure
        NotFound,     // profile / customer / entry not found
        Refused,      // we refused to send (origin, plain HTTP …)
        Cancelled,
        Expired, // credential beyond its usable life (e.g. Commvault chain)
        Io,
        SecretCommand,  // the profile's secret command did not give a secret
        SignInRequired, // only a person can give a token now (browser or device sign-in)
    };

    Code code = Code::BadResponse;
    QString message;
    QString detail;
    int httpStatus = 0;
    QString oauthError;       // server's `error` / `code`
    QString oauthDescription; // server's `error_description` / `message`

    // The one way to make an Error. The server's reason (oauthError/oauthDescription) is
    // filled in only by errorFromReply, which reads it from the answer.
    static Error make(Code code, QString message, QString detail = {}, int httpStatus = 0);

    // One line with everything a user needs: message, status, server's reason.
    QString toString() const;
    static QString codeName(Code code);
};

// Minimal expected-like type: C++23's std::expected is not in Debian 12's toolchain default.
template <typename T> class Result
{
public:
    Result(T value) : m_value(std::move(value)) {}
    Result(Error error) : m_value(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_value); }
    explicit operator bool() const { return ok(); }
    const T &value() const { return std::get<T>(m_value); }
    T &value() { return std::get<T>(m_value); }
    T take() { return std::move(std::get<T>(m_value)); }
    const Error &error() const { return std::get<Error>(m_value); }

private:
    std::variant<T, Error> m_value;
};

// For operations with no value: empty optional means success.
using Status = std::optional<Error>;

} // namespace tw
