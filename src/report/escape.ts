// Escaping for text and attribute values in SVG and HTML we write by hand.
// Knows nothing of layout; every caller passes user text through it.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Safe inside element text and inside single- or double-quoted attributes.
 * Control characters XML 1.0 forbids (model output can hold them) become U+FFFD.
 */
export function escapeXml(s: string): string {
  return String(s)
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '\uFFFD')
    .replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
