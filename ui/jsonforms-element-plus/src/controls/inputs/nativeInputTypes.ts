/**
 * Formats whose value has a native input type (the browser offers the right keyboard and
 * autofill); the rest still get plain text and ajv-formats validation.
 */
export type NativeInputType = "email" | "url" | "text";

export const NATIVE_INPUT_TYPES: Record<string, NativeInputType> = {
  email: "email",
  "idn-email": "email",
  uri: "url",
  "uri-reference": "url",
  iri: "url",
  "iri-reference": "url",
  hostname: "text",
  "idn-hostname": "text",
  ipv4: "text",
  ipv6: "text",
  uuid: "text",
};
