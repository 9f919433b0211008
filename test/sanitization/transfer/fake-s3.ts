import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { AwsClientStub, mockClient } from 'aws-sdk-client-mock';

export interface StoredVersion {
  readonly versionId: string;
  readonly bytes: Buffer;
  readonly metadata: Record<string, string>;
  readonly checksumSha256?: string;
  readonly contentDisposition?: string;
}

type Operation = 'PutObject' | 'GetObject' | 'HeadObject' | 'DeleteObject' | 'CopyObject' | 'ListObjectsV2';

function s3Error(name: string, status: number): S3ServiceException {
  return new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message: name });
}

/**
 * An in-memory, versioned S3 behind aws-sdk-client-mock: just enough of the real semantics
 * (versions, `If-None-Match: *`, 404s, copies) that the handler's idempotency is tested against
 * behaviour rather than against a script of canned replies.
 */
export class FakeS3 {
  public readonly client = new S3Client({ region: 'ap-northeast-1' });
  public readonly mock: AwsClientStub<S3Client>;
  private readonly buckets = new Map<string, Map<string, StoredVersion[]>>();
  private readonly failures: { operation: Operation; bucket: string; error: Error }[] = [];
  private nextVersion = 1;

  constructor() {
    this.mock = mockClient(this.client);
    this.mock.on(PutObjectCommand).callsFake(async (input) => {
      this.failIfAsked('PutObject', input.Bucket);
      if (input.IfNoneMatch === '*' && this.current(input.Bucket, input.Key)) throw s3Error('PreconditionFailed', 412);
      const body = input.Body as Uint8Array;
      return {
        VersionId: this.store(
          input.Bucket,
          input.Key,
          Buffer.from(body),
          input.Metadata ?? {},
          input.ChecksumSHA256,
          input.ContentDisposition,
        ),
      };
    });
    this.mock.on(GetObjectCommand).callsFake(async (input) => {
      this.failIfAsked('GetObject', input.Bucket);
      const version = this.find(input.Bucket, input.Key, input.VersionId);
      return {
        Body: Readable.from([version.bytes]),
        ContentLength: version.bytes.length,
        VersionId: version.versionId,
        Metadata: version.metadata,
      };
    });
    this.mock.on(HeadObjectCommand).callsFake(async (input) => {
      this.failIfAsked('HeadObject', input.Bucket);
      const version = this.find(input.Bucket, input.Key, input.VersionId, 'NotFound');
      return {
        ContentLength: version.bytes.length,
        VersionId: version.versionId,
        Metadata: version.metadata,
        ChecksumSHA256: input.ChecksumMode === 'ENABLED' ? version.checksumSha256 : undefined,
      };
    });
    this.mock.on(DeleteObjectCommand).callsFake(async (input) => {
      this.failIfAsked('DeleteObject', input.Bucket);
      const versions = this.buckets.get(input.Bucket!)?.get(input.Key!);
      if (versions) {
        const kept = input.VersionId ? versions.filter((v) => v.versionId !== input.VersionId) : [];
        this.buckets.get(input.Bucket!)!.set(input.Key!, kept);
      }
      return {};
    });
    this.mock.on(ListObjectsV2Command).callsFake(async (input) => {
      this.failIfAsked('ListObjectsV2', input.Bucket);
      const keys = this.keys(input.Bucket!)
        .filter((key) => key.startsWith(input.Prefix ?? ''))
        .slice(0, input.MaxKeys ?? 1000);
      return { Contents: keys.length > 0 ? keys.map((Key) => ({ Key })) : undefined, KeyCount: keys.length };
    });
    this.mock.on(CopyObjectCommand).callsFake(async (input) => {
      this.failIfAsked('CopyObject', input.Bucket);
      const match = /^([^/]+)\/([^?]+)(?:\?versionId=(.+))?$/.exec(input.CopySource!);
      if (!match) throw s3Error('InvalidArgument', 400);
      const source = this.find(match[1], decodeURIComponent(match[2]), match[3] ? decodeURIComponent(match[3]) : undefined);
      if (input.IfNoneMatch === '*' && this.current(input.Bucket, input.Key)) throw s3Error('PreconditionFailed', 412);
      return { VersionId: this.store(input.Bucket, input.Key, source.bytes, input.Metadata ?? {}) };
    });
  }

  /** Puts an object as a writer would; returns its version id. */
  public put(bucket: string, key: string, bytes: Uint8Array | string): string {
    return this.store(bucket, key, Buffer.from(bytes), {});
  }

  /** The next `operation` on `bucket` fails with `error` (once). */
  public failNext(operation: Operation, bucket: string, error: Error = s3Error('InternalError', 500)): void {
    this.failures.push({ operation, bucket, error });
  }

  /** Every key of a bucket that has at least one version. */
  public keys(bucket: string): string[] {
    return [...(this.buckets.get(bucket)?.entries() ?? [])]
      .filter(([, v]) => v.length > 0)
      .map(([k]) => k)
      .sort();
  }

  public versions(bucket: string, key: string): StoredVersion[] {
    return this.buckets.get(bucket)?.get(key) ?? [];
  }

  /** The only object of a bucket (fails the test when there is not exactly one). */
  public only(bucket: string): { key: string; version: StoredVersion } {
    const keys = this.keys(bucket);
    if (keys.length !== 1) throw new Error(`expected exactly one object in ${bucket}, found ${JSON.stringify(keys)}`);
    const versions = this.versions(bucket, keys[0]);
    if (versions.length !== 1) throw new Error(`expected one version of ${keys[0]}, found ${versions.length}`);
    return { key: keys[0], version: versions[0] };
  }

  private store(
    bucket: string | undefined,
    key: string | undefined,
    bytes: Buffer,
    metadata: Record<string, string>,
    checksum?: string,
    disposition?: string,
  ): string {
    if (!this.buckets.has(bucket!)) this.buckets.set(bucket!, new Map());
    const objects = this.buckets.get(bucket!)!;
    const versionId = `v${this.nextVersion++}`;
    const checksumSha256 = checksum ?? createHash('sha256').update(bytes).digest('base64');
    objects.set(key!, [...(objects.get(key!) ?? []), { versionId, bytes, metadata, checksumSha256, contentDisposition: disposition }]);
    return versionId;
  }

  private current(bucket: string | undefined, key: string | undefined): StoredVersion | undefined {
    const versions = this.buckets.get(bucket!)?.get(key!) ?? [];
    return versions[versions.length - 1];
  }

  private find(bucket: string | undefined, key: string | undefined, versionId: string | undefined, notFound = 'NoSuchKey'): StoredVersion {
    const versions = this.buckets.get(bucket!)?.get(key!) ?? [];
    const version = versionId ? versions.find((v) => v.versionId === versionId) : versions[versions.length - 1];
    if (!version) throw s3Error(versionId && versions.length > 0 ? 'NoSuchVersion' : notFound, 404);
    return version;
  }

  private failIfAsked(operation: Operation, bucket: string | undefined): void {
    const index = this.failures.findIndex((f) => f.operation === operation && f.bucket === bucket);
    if (index >= 0) throw this.failures.splice(index, 1)[0].error;
  }
}
