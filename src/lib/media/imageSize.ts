/** Photos are kept at most this many pixels on their long side: enough to read a whiteboard, small enough for a tablet. */
export const maxPhotoSide = 1600;
export const photoQuality = 0.85;

/**
 * The size to draw an image at so its long side is at most `maxSide`, keeping the
 * aspect ratio. Never enlarges; never returns a side smaller than 1 px.
 */
export function fitWithin(width: number, height: number, maxSide = maxPhotoSide): { width: number; height: number; scaled: boolean } {
	if (!(width > 0) || !(height > 0)) throw new RangeError(`Image size must be positive, got ${width}×${height}`);
	const long = Math.max(width, height);
	if (long <= maxSide) return { width: Math.round(width), height: Math.round(height), scaled: false };
	const scale = maxSide / long;
	return {
		width: Math.max(1, width >= height ? maxSide : Math.round(width * scale)),
		height: Math.max(1, height > width ? maxSide : Math.round(height * scale)),
		scaled: true
	};
}
