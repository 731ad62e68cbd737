/**
 * Getting a photo from the camera or the gallery through Capacitor Camera.
 * On the web, without @ionic/pwa-elements, both fall back to a file input (with `capture` for the camera).
 */
import { Camera, CameraDirection, MediaTypeSelection, type MediaResult } from '@capacitor/camera';

async function blobFromResult(result: MediaResult | undefined): Promise<Blob> {
  if (!result?.webPath) throw new Error('no photo returned');
  const response = await fetch(result.webPath);
  return response.blob();
}

/** Opens the camera (rear) and resolves with the photo taken. */
export async function takePhoto(): Promise<Blob> {
  const result = await Camera.takePhoto({ cameraDirection: CameraDirection.Rear, correctOrientation: true });
  return blobFromResult(result);
}

/** Opens the gallery and resolves with the chosen photo. */
export async function chooseFromGallery(): Promise<Blob> {
  const { results } = await Camera.chooseFromGallery({
    mediaType: MediaTypeSelection.Photo,
    allowMultipleSelection: false,
    correctOrientation: true,
  });
  return blobFromResult(results[0]);
}

/** True when the user closed the picker without choosing anything (not an error to show). */
export function isCancellation(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /cancel|no file selected/i.test(message);
}
