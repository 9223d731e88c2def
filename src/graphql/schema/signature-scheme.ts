import { SignatureScheme } from "../../generated/prisma/enums.ts";
import { builder } from "../builder.ts";

export const SignatureSchemeEnum = builder.enumType(SignatureScheme, {
  name: "SignatureScheme",
  description: "How deliveries are signed in the STANDARD_WEBHOOKS and SVIX wire formats (HMAC_HEADERS is HMAC_SHA256 only).",
  values: {
    HMAC_SHA256: { description: "`v1,<base64 HMAC-SHA256>` with a shared `whsec_` secret." },
    ED25519: {
      description:
        "`v1a,<base64 ed25519 signature>` over the same `id.timestamp.body`, with a key pair Herald holds per endpoint; receivers verify with the `whpk_` public key `endpointSecret` shows.",
    },
  },
});
