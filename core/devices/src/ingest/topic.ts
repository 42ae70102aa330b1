/** `<prefix>/<jurisdiction code>/<device code>/<rest>`: where a message claims to come from. */
export interface TopicParts { jurisdiction: string; deviceCode: string }

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export function parseTopic(prefix: string, topic: string): TopicParts | null {
  if (!topic.startsWith(`${prefix}/`)) return null;
  const parts = topic.slice(prefix.length + 1).split("/");
  if (parts.length < 2) return null;
  const [jurisdiction, deviceCode] = parts;
  if (!SEGMENT.test(jurisdiction) || !SEGMENT.test(deviceCode)) return null;
  return { jurisdiction, deviceCode };
}

/** The subscription that covers every device's topics. */
export function subscriptionOf(prefix: string): string {
  return `${prefix}/+/+/#`;
}
