// photo.js: photos of publicity actions: shrunk and re-encoded in the browser, then uploaded.
// A phone's photo is 3-12 MB with EXIF (the phone's GPS position and model); drawn on a canvas and
// encoded again as JPEG it is a few hundred kB, at most 1600 px on its long side, with no EXIF.
import { api } from './api.js'
import { newKey } from './submission.js'

export const PHOTO_MAX_SIDE = 1600
export const PHOTO_MAX = 6

async function decode(file) {
  if (typeof createImageBitmap === 'function') {
    try {
      // from-image: a portrait photo stays upright (EXIF orientation applied before it is dropped)
      return await createImageBitmap(file, { imageOrientation: 'from-image' })
    } catch (err) {
      /* fall back to an <img> */
    }
  }
  const url = URL.createObjectURL(file)
  try {
    const img = new Image()
    img.src = url
    await img.decode()
    return img
  } finally {
    URL.revokeObjectURL(url)
  }
}

// shrinkPhoto(file) → a JPEG Blob at most PHOTO_MAX_SIDE px on its long side; throws when the
// file is not an image the browser can read.
export async function shrinkPhoto(file, maxSide = PHOTO_MAX_SIDE, quality = 0.85) {
  const img = await decode(file)
  const w = img.width || img.naturalWidth
  const h = img.height || img.naturalHeight
  if (!w || !h) throw new Error('not an image')
  const scale = Math.min(1, maxSide / Math.max(w, h))
  const canvas = document.createElement('canvas')
  canvas.width = Math.max(1, Math.round(w * scale))
  canvas.height = Math.max(1, Math.round(h * scale))
  const ctx = canvas.getContext('2d')
  ctx.fillStyle = '#fff' // a transparent PNG becomes white, not black, in a JPEG
  ctx.fillRect(0, 0, canvas.width, canvas.height)
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height)
  if (typeof img.close === 'function') img.close()
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality))
  if (!blob) throw new Error('cannot encode')
  return blob
}

// PhotoUpload sends one photo of one action with its own Idempotency-Key, kept across the retries
// of a phone on poor signal, so the server stores it once.
export class PhotoUpload {
  constructor(file) {
    this.file = file
    this.key = newKey()
    this.blob = null
  }
  async send(publicityId, { retries = 2 } = {}) {
    if (!this.blob) this.blob = await shrinkPhoto(this.file)
    for (let attempt = 0; ; attempt++) {
      try {
        return await api('POST', `/publicity/${publicityId}/photos`, {
          body: this.blob,
          contentType: 'image/jpeg',
          headers: { 'Idempotency-Key': this.key }
        })
      } catch (e) {
        const unsure = e.status === 0 || e.status === 502 || e.status === 503 || e.status === 504
        if (unsure && attempt < retries) {
          await new Promise((r) => setTimeout(r, 600 * (attempt + 1)))
          continue
        }
        throw e
      }
    }
  }
}

// photoUrl: where the browser fetches a stored photo (same origin: the session cookie goes along).
export const photoUrl = (p) => p.url
