import { fitWithin, maxPhotoSide, photoQuality } from './imageSize';

export interface PreparedPhoto {
	blob: Blob;
	width: number;
	height: number;
	/** Size of the file the camera gave us, for the record. */
	originalBytes: number;
}

export class PhotoError extends Error {
	constructor(readonly cause?: unknown) {
		super('The image could not be read');
		this.name = 'PhotoError';
	}
}

/**
 * A photo as it is kept: upright (EXIF orientation applied), at most 1600 px on the
 * long side, re-encoded as JPEG. Re-encoding also drops the camera's metadata –
 * GPS position and device – which has no place next to a minor's interview.
 */
export async function preparePhoto(file: Blob, options: { maxSide?: number; quality?: number } = {}): Promise<PreparedPhoto> {
	let bitmap: ImageBitmap;
	try {
		bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
	} catch (error) {
		throw new PhotoError(error);
	}
	try {
		const { width, height } = fitWithin(bitmap.width, bitmap.height, options.maxSide ?? maxPhotoSide);
		const blob = await drawJpeg(bitmap, width, height, options.quality ?? photoQuality);
		return { blob, width, height, originalBytes: file.size };
	} finally {
		bitmap.close();
	}
}

async function drawJpeg(bitmap: ImageBitmap, width: number, height: number, quality: number): Promise<Blob> {
	if (typeof OffscreenCanvas !== 'undefined') {
		const canvas = new OffscreenCanvas(width, height);
		paint(canvas.getContext('2d'), bitmap, width, height);
		return canvas.convertToBlob({ type: 'image/jpeg', quality });
	}
	const canvas = document.createElement('canvas');
	canvas.width = width;
	canvas.height = height;
	paint(canvas.getContext('2d'), bitmap, width, height);
	return new Promise((resolve, reject) =>
		canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new PhotoError())), 'image/jpeg', quality)
	);
}

function paint(context: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null, bitmap: ImageBitmap, width: number, height: number): void {
	if (!context) throw new PhotoError();
	// JPEG has no transparency: a transparent screenshot would otherwise turn black.
	context.fillStyle = '#ffffff';
	context.fillRect(0, 0, width, height);
	context.imageSmoothingEnabled = true;
	context.imageSmoothingQuality = 'high';
	context.drawImage(bitmap, 0, 0, width, height);
}
