#pragma once

// The sandbox's fixed demo credentials. Every secret holds "+ / = :" so that a client that
// form-encodes HTTP Basic (RFC 6749 §2.3.1) and one that sends the raw values (Druva) send
// different bytes, and a server accepting only one of them can tell.
namespace tw::sandbox::demo {

inline constexpr char DruvaMspClientId[] = "tw-demo-msp";
inline constexpr char DruvaMspSecret[] = "Msp+Secret/Demo=42:x";

inline constexpr char DruvaClientId[] = "tw-demo-druva";
inline constexpr char DruvaSecret[] = "Druva+Cloud/Demo=17:y";

inline constexpr char DruvaGovClientId[] = "tw-demo-druva-gov";
inline constexpr char DruvaGovSecret[] = "Gov+Cloud/Demo=15:z";

inline constexpr char OidcClientId[] = "tw-demo-portal";
inline constexpr char OidcSecret[] = "Portal+Secret/Demo=99:p&q";

inline constexpr char OAuth2ClientId[] = "tw-demo-oauth2";
inline constexpr char OAuth2Secret[] = "OAuth+Secret/Demo=7:%x";
// RFC 6749 Appendix B: this secret form-encodes to "+%25%26%2B%C2%A3%E2%82%AC".
inline constexpr char OAuth2AppendixBClientId[] = "tw-appendix-b";
inline constexpr char OAuth2AppendixBSecret[] = " %&+\u00a3\u20ac";

// A public client (no secret, RFC 6749 §2.1) for the device authorization grant (RFC 8628).
inline constexpr char OAuth2PublicClientId[] = "tw-demo-device";
// A public client for the authorization code grant with PKCE (RFC 7636, RFC 8252): any
// loopback redirect URI http://127.0.0.1:PORT/callback.
inline constexpr char OAuth2BrowserClientId[] = "tw-demo-browser";

inline constexpr char CommvaultUser[] = "tw-admin";
inline constexpr char CommvaultPassword[] = "Cv+Pass/Demo=5:w";

} // namespace tw::sandbox::demo
