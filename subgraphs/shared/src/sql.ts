/** `?, ?, ?` for a list of values bound to a raw SQL `in (…)` or `array[…]`. */
export const placeholders = (values: readonly unknown[]): string => values.map(() => '?').join(', ');
