#pragma once

// Demo key pairs for private_key_jwt (RFC 7523). They are public on purpose and protect
// nothing: the sandbox verifies assertions with their public halves, the demo profiles and
// the tests (tests/data/client-*.pem hold the same keys) sign with the private halves.
namespace tw::sandbox::demo {

inline constexpr char JwtRsaClientId[] = "tw-demo-jwt-rsa"; // RS256 or PS256
inline constexpr char JwtEcClientId[] = "tw-demo-jwt-ec";   // ES256

inline constexpr char JwtRsaKeyId[] = "tw-demo-rsa-1";
inline constexpr char JwtEcKeyId[] = "tw-demo-ec-1";

inline constexpr char JwtRsaPrivateKey[] = R"(
-----BEGIN PRIVATE KEY-----
MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQDSenBxG+YV18qV
vWSMAhfENVsKJreR+i7cLAnR/+ewsmn0XX0HottWiGT05Xi+aGmPnBD92TUQho/o
SI1HntzKTRW/bfM9bWKIEV/EpXjbuXo1CjiqpLt5jlka19uUfJgXsvMnCW/8E3Zg
tYalu0VjKEfGyOmrFpIFFooY8u/1Qd0ISjYki4B5ZsxxphnnUtszYZZEmeIYarfp
fhF0GFrYByjBvDCGDgWjwFRyEC7r4F+sQOFPqL+G/mUCPNdrVmHjQgI8hfp1kkWZ
ORBZq40YzSAbLJs2FAF5/R8O4feRgjL2GaL/ZUpcaKoiG0KX9ofmegygEccx7ehW
Q6PP6ib/AgMBAAECggEASF5T6fgbONhs7eZkO2V+0XY8+rUMOhNo6Ef2Cm/wNEdr
+drpIeaDfvG/sJpz1Rgmb3vMNdPolGmH8mh7tyvuo1o0x5Cg6TaCgeFjacQxVW8l
DzaX/EhOs4FXrsyYUaozSza6tuneSLBSa/cOOE63EVxorXcoLKzCgSBaVDC3g75F
AUG5q6tI5Iv2V9/Juob6ObtLbjECORT42lLBdq7xveqb/sed4E3QVB/AhaWu+pmN
exhqQ+xYJmYC8aMX8jZ9kvnJsLtpCWFT9nnyryM5N7YYnlmOACMm5qhTe07b1vXt
385KlYd1Oi87tmatg4VV4wS8vTfbbLzhgDo1/hpJOQKBgQD7qHX5mOOcJDqWnCKe
6A11aFXOorGI7tHarRn0UlMbg2mcBvLwwm4rN+RPauOczLAoM0GRmgp7Fz/rfc25
HHrqo2oMpPD2bJxUIIpagLgnOSsQDfjQCXDY/H3lkvYIPnyM4VXLS4a6SbWPsj8e
80yf3JWvvGvwVvsfuxpfk8b3NwKBgQDWHBfM5dmoUK/SSsGW0PqZu44k1Nm0git8
/S8FbxCvMmR8MIGQ4bHI6jm0kNwYPUEnokirh59eViVsRNRwdeweGeCNTJaAQFol
2OMjju+Qt1OrQ6idCSTu0DOToBRSMEcJv06FLHVy/NSVvCBrQoTXtvkvM7lIIiND
bVoPF0YieQKBgHEtqDEio2q7mGXXvnI85qCg1cZiwPlWfqacJwoMZDgBd+Ol9Gh2
6Nki/9j/t3HzVF4f/yMeZgxJvoOIRpczycvwxmb9XylUW1IyeEaPkUKCoW1M+1OE
i23q0CwJVgELKTSqusz9IJBzSeZgQacHwLQ8nk00rk6er73rhcbqTRctAoGABWJP
dueQwZrF0RPwKkq3Aoak3Gg90Tw0u7/iHtDcKoup2zWdDHegcNzy9oduAW4I5WY/
TZDrgQPJjR9t+CX++gLMksEKR89WdP0vOQWvIIR7piLdapWASEEUCvJLkIWGQ8h7
wP2NNocFEX7ZkdjqXkJLodQ7JIU3PcrSKO785IECgYAafUajqec0lI2+1eWrKS2w
sq0tptLfgXVPU+CWHPW3weVL3kEPjeMWz/nFOnvjMW/pZZAdoMsAosbjWEtFwDFo
dwSfTQyqlPo9du/vNQjR5JC+pwdI3AbaZjUSAfXfedEUxGr9pq0WV3TDpUaaq+hk
4W927/AjbPW/ODrB+JvzPQ==
-----END PRIVATE KEY-----
)";

inline constexpr char JwtEcPrivateKey[] = R"(
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg2/+lXmDlw8apochS
9qG8GVKGIOmjRIU9io5Hg+NLt7ihRANCAAQTYyOHjtblLg8lHui7Kq8KBHufLY8M
9PBlO3ERQPM1mig9FcYgKwm3OnKVpZ9fiDLcQbPPkImUvuax2MJjNCxU
-----END PRIVATE KEY-----
)";

} // namespace tw::sandbox::demo
