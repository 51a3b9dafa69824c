import { PassThrough, type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { type ByteRange, RecordingStore } from './recording-store.js';

/** 5 MiB, S3's smallest part: one part in flight at a time keeps memory flat. */
const PART_BYTES = 5 * 1024 * 1024;

export interface S3Location {
  bucket: string;
  /** An S3-compatible server (MinIO, R2, …); unset for AWS itself. */
  endpoint?: string;
  region: string;
}

/**
 * Recordings in an S3-compatible bucket, through the AWS SDK (credentials the AWS way: the
 * environment, a profile, an instance role). Uploads stream in 5 MiB parts, one at a time; reads
 * stream, ranges included. Checksums are sent only where the API requires them, as S3-compatible
 * servers expect.
 */
export class S3RecordingStore extends RecordingStore {
  private readonly client: S3Client;

  constructor(private readonly location: S3Location) {
    super();
    this.client = new S3Client({
      region: location.region,
      ...(location.endpoint ? { endpoint: location.endpoint, forcePathStyle: true } : {}),
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, audio: Readable, contentType: string): Promise<{ bytes: number }> {
    let bytes = 0;
    const counted = new PassThrough();
    const counting = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.location.bucket, Key: key, Body: counted, ContentType: contentType },
      queueSize: 1,
      partSize: PART_BYTES,
      leavePartsOnError: false,
    });
    // Whichever side fails first stops the other: no half upload, no stream left open.
    const uploaded = upload.done().catch((error: Error) => {
      audio.destroy(error);
      throw error;
    });
    const streamed = pipeline(audio, counting, counted).catch(async (error: Error) => {
      await upload.abort();
      throw error;
    });
    await Promise.all([streamed, uploaded]);
    return { bytes };
  }

  async get(key: string, range?: ByteRange): Promise<Readable | null> {
    try {
      const object = await this.client.send(
        new GetObjectCommand({
          Bucket: this.location.bucket,
          Key: key,
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      return object.Body as Readable;
    } catch (error) {
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)
        return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.location.bucket, Key: key }));
  }

  destroy(): void {
    this.client.destroy();
  }
}
