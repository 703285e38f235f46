/** A valid grey PNG header claiming width×height pixels, followed by only a few rows of data. */
export function pngHeaderOfSize(width: number, height: number): Buffer;
