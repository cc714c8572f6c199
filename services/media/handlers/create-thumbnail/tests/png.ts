import { PNG } from 'pngjs';

export type Rgba = readonly [number, number, number, number];

export const RED: Rgba = [255, 0, 0, 255];
export const BLUE: Rgba = [0, 0, 255, 255];

/** A PNG file of `width` × `height` pixels, each coloured by `colour(x, y)`. */
export function pngOf(width: number, height: number, colour: (x: number, y: number) => Rgba): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) png.data.set(colour(x, y), (y * width + x) * 4);
  }
  return PNG.sync.write(png, { colorType: 6 });
}

/** The colour of one pixel of a PNG file. */
export function pixelOf(file: Uint8Array, x: number, y: number): Rgba {
  const png = PNG.sync.read(Buffer.from(file));
  const at = (y * png.width + x) * 4;
  return [png.data[at]!, png.data[at + 1]!, png.data[at + 2]!, png.data[at + 3]!];
}

/** Red on the left half, blue on the right. */
export const halves =
  (width: number) =>
  (x: number): Rgba =>
    x < width / 2 ? RED : BLUE;
