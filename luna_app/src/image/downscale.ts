/** Downscaling of photos in the browser before upload, so phones do not send 12-megapixel files. */
import { MAX_UPLOAD_SIDE, UPLOAD_JPEG_QUALITY } from '../config';

export interface Size {
  width: number;
  height: number;
}

/** The size that fits `size` inside a square of `maxSide`, keeping the aspect ratio; never upscales. */
export function fitWithin(size: Size, maxSide: number = MAX_UPLOAD_SIDE): Size {
  const { width, height } = size;
  if (width <= 0 || height <= 0) throw new Error('image has no pixels');
  const longest = Math.max(width, height);
  if (longest <= maxSide) return { width, height };
  const scale = maxSide / longest;
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

async function decode(blob: Blob): Promise<{ source: CanvasImageSource; size: Size; release: () => void }> {
  if (typeof createImageBitmap === 'function') {
    // 'from-image' applies the EXIF orientation, so portrait phone photos stay upright.
    const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
    return { source: bitmap, size: { width: bitmap.width, height: bitmap.height }, release: () => bitmap.close() };
  }
  const objectUrl = URL.createObjectURL(blob);
  const image = new Image();
  image.src = objectUrl;
  await image.decode();
  return {
    source: image,
    size: { width: image.naturalWidth, height: image.naturalHeight },
    release: () => URL.revokeObjectURL(objectUrl),
  };
}

export interface PreparedImage {
  dataUrl: string;
  size: Size;
  originalSize: Size;
}

/** Decodes a photo and re-encodes it as a JPEG data URL whose longest side is at most `maxSide`. */
export async function prepareImageForUpload(
  blob: Blob,
  maxSide: number = MAX_UPLOAD_SIDE,
  quality: number = UPLOAD_JPEG_QUALITY,
): Promise<PreparedImage> {
  const { source, size: originalSize, release } = await decode(blob);
  try {
    const size = fitWithin(originalSize, maxSide);
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('canvas 2D context unavailable');
    context.imageSmoothingEnabled = true;
    context.imageSmoothingQuality = 'high';
    context.drawImage(source, 0, 0, size.width, size.height);
    return { dataUrl: canvas.toDataURL('image/jpeg', quality), size, originalSize };
  } finally {
    release();
  }
}
