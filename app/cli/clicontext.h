#pragma once

#include "auth/authmanager.h"
#include "common/error.h"
#include "profiles/keychainsecretstore.h"
#include "profiles/profileservice.h"
#include "profiles/profilestore.h"

#include <QCommandLineParser>
#include <QString>
#include <QTextStream>
#include <memory>

namespace tw::cli {

// Documented exit codes (README "CLI"): scripts rely on them.
enum ExitCode {
    ExitOk = 0,
    ExitFailure = 1,  // anything not listed below
    ExitUsage = 2,    // bad arguments or invalid profile data
    ExitNotFound = 3, // no such profile / customer / stored secret
    ExitAuth = 4, // the server refused the credentials or token (OAuth error, 4xx, expired chain)
    ExitNetwork = 5,       // no connection, timeout, TLS, 5xx, or an unusable server answer
    ExitKeychain = 6,      // the OS keychain is missing, locked or refused
    ExitHttpError = 7,     // `request`: the API answered with HTTP status >= 400
    ExitRefused = 8,       // refused before sending: foreign origin or plain HTTP
    ExitSecretCommand = 9, // the profile's secret command failed
    ExitInterrupted = 130,
};

int exitCodeFor(const Error &error);

// What every command needs: the same profiles and keychain as the GUI, the token
// engine, and disciplined output (stdout = result only, stderr = messages).
class CliContext
{
public:
    CliContext();

    ProfileStore &store() { return *m_store; }
    SecretStore &secrets() { return *m_secrets; }
    ProfileService &service() { return *m_service; }
    AuthManager &auth() { return *m_auth; }

    QTextStream &out() { return m_out; }
    QTextStream &err() { return m_err; }

    // Loads profiles; prints the problem and returns false when the file is unreadable.
    bool loadProfiles();
    std::optional<Profile> findProfile(const QString &nameOrId);
    // findProfile() for a command that talks to the profile's servers: warns on stderr, on
    // every use, when the profile does not verify TLS certificates.
    std::optional<Profile> profileForNetwork(const QString &nameOrId);

    // --timeout SECONDS for commands that talk to servers; applyNetworkOptions() returns
    // false (after printing why) when the value is not usable.
    static void addNetworkOptions(QCommandLineParser &parser);
    bool applyNetworkOptions(const QCommandLineParser &parser);
    // For a command that talks to servers: adds the network options, then parseOrExplain()
    // and applyNetworkOptions(); false when the command ends here (help, a usage error), with
    // `exitCode` set.
    bool parseNetworkCommand(QCommandLineParser &parser, const QStringList &arguments,
                             int *exitCode);

    // A sign-in that needs a person (browser or device code) opens the page with $BROWSER or
    // xdg-open; false (`--no-browser`) only prints it on stderr.
    void setOpenBrowser(bool open) { m_openBrowser = open; }

    // Prints the error (and the keychain's state when it is the likely cause); returns
    // the exit code and quits the event loop with it.
    int fail(const Error &error);
    int fail(ExitCode code, const QString &message);
    void finish(int code);

    // Secrets: from stdin when it is not a terminal or `fromStdin` is set; otherwise a
    // no-echo prompt on the terminal. Never from argv.
    static QStringList readSecretLines(bool fromStdin, const QStringList &prompts);

private:
    std::unique_ptr<ProfileStore> m_store;
    std::unique_ptr<KeychainSecretStore> m_secrets;
    std::unique_ptr<ProfileService> m_service;
    std::unique_ptr<AuthManager> m_auth;
    QTextStream m_out;
    QTextStream m_err;
    bool m_openBrowser = true;
};

// The arguments of a sub-command as QCommandLineParser wants them: the program name first.
// `words` is how many words name the command ("token" = 1, "profiles add" = 2), so
// "tokenwright-cli profiles add x --kind k" becomes ["tokenwright-cli profiles add", "x", …].
QStringList subcommandArguments(const QStringList &arguments, int words);

// Parses a sub-command's options; prints help or the error and returns false.
bool parseOrExplain(QCommandLineParser &parser, const QStringList &arguments, QTextStream &err,
                    int *exitCode);

} // namespace tw::cli
