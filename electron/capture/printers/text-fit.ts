// Fitting a line of the label into the width it has. A CATD or station name can be 60 characters
// and more, and the key in words of a long election code is wider than a short one: a line that
// does not fit is drawn smaller, down to a floor still legible on a 203-dpi label, and only then
// cut with an ellipsis. Widths are Helvetica-Bold's (the PDF's face, its AFM advance widths in
// 1/1000 em): the wider of the two faces we print, since the ZPL printer's font 0 is a condensed
// face drawn at 0.85 of its height, so a line that fits here fits on the label printer too.

/** Advance widths of Helvetica-Bold for U+0020…U+007E, in 1/1000 em. */
const ASCII_WIDTHS = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556,
  556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278,
  556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584,
  556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556,
  333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];
/** Anything else is taken as wide as the widest capital: never narrower than it will print. */
const UNKNOWN_WIDTH = 1000;
/** The smallest character height (dots) a line is shrunk to: 1.75 mm, legible at arm's length. */
export const MIN_TEXT_DOTS = 14;
export const ELLIPSIS = '...';

function charWidth(ch: string): number {
  const code = ch.charCodeAt(0);
  if (code >= 0x20 && code <= 0x7e) return ASCII_WIDTHS[code - 0x20]!;
  if (ch === '·') return 278;
  // Accented letters are as wide as their base letter (Á as A, ñ as n).
  const base = ch.normalize('NFD')[0]!;
  if (base !== ch && base.charCodeAt(0) <= 0x7e) return charWidth(base);
  return UNKNOWN_WIDTH;
}

/** Width in dots of `text` drawn `height` dots high. */
export function textWidthDots(text: string, height: number): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch);
  return (w * height) / 1000;
}

/** The line as drawn in `maxWidth` dots: its own height if it fits, smaller, or cut. */
export function fitLine(
  text: string,
  height: number,
  maxWidth: number,
  minHeight = MIN_TEXT_DOTS,
): { text: string; height: number } {
  const width = textWidthDots(text, height);
  if (width <= maxWidth) return { text, height };
  const shrunk = Math.floor((height * maxWidth) / width);
  if (shrunk >= minHeight) return { text, height: shrunk };
  const chars = [...text];
  while (chars.length && textWidthDots(chars.join('').trimEnd() + ELLIPSIS, minHeight) > maxWidth)
    chars.pop();
  return { text: chars.join('').trimEnd() + ELLIPSIS, height: minHeight };
}
