/**
 * Wraps user text in FIRST STRONG ISOLATE (U+2068) and POP DIRECTIONAL ISOLATE (U+2069), the
 * plain-text form of `<bdi>`, so direction controls inside it such as U+202E cannot reorder the
 * sentence around it. For strings that end up in plain text: snack bars, dialogs, titles.
 */
export function isolateBidi(text: string): string {
  return `\u2068${text}\u2069`;
}
