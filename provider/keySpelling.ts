/**
 * The known key that `key` is a misspelling of by case, whitespace or punctuation alone
 * ("DisplayName", " displayName", "display_name", "client-secret"), or undefined.
 */
export function intendedKey(key: string, known: readonly string[]): string | undefined {
  const loose = (text: string) => text.toLowerCase().replace(/[\s_.-]/g, "");
  return known.find((candidate) => candidate !== key && loose(candidate) === loose(key));
}

/** ` (did you mean "x"?)` when `key` misspells a known key, otherwise nothing. */
export function didYouMean(key: string, known: readonly string[]): string {
  const intended = intendedKey(key, known);
  return intended === undefined ? "" : ` (did you mean "${intended}"?)`;
}
