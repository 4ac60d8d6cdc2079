import { Annotation, mergeAnnotations } from './annotations';
import { sha256Digest } from './digest';
import { makeImageConfig, makeIndex, makeManifest, serializeDocument } from './image.builders';
import { MediaType } from './media-types';

const layer = (n: number) => ({
  descriptor: { mediaType: MediaType.ociLayerGzip, digest: sha256Digest(`blob${n}`), size: n },
  diffId: sha256Digest(`tar${n}`),
});

describe('image builders', () => {
  it('makeImageConfig lists diff_ids in layer order and leaves out what was not given', () => {
    const config = makeImageConfig({
      platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
      layers: [layer(1), { ...layer(2), history: { created_by: 'kuack func build' } }],
      config: { Env: ['A=1'], ExposedPorts: { '8080/tcp': {} }, WorkingDir: '/func/', User: '1000:1000' },
    });
    expect(config).toEqual({
      architecture: 'arm64',
      os: 'linux',
      variant: 'v8',
      config: { Env: ['A=1'], ExposedPorts: { '8080/tcp': {} }, WorkingDir: '/func/', User: '1000:1000' },
      rootfs: { type: 'layers', diff_ids: [layer(1).diffId, layer(2).diffId] },
      history: [{ created_by: 'kuack func build' }],
    });
    expect(JSON.stringify(config)).not.toContain('created"');
    expect(
      makeImageConfig({
        platform: { os: 'linux', architecture: 'amd64' },
        layers: [],
        created: '2026-01-01T00:00:00Z',
      }).created,
    ).toBe('2026-01-01T00:00:00Z');
  });

  it('makeManifest and makeIndex carry media types and sorted annotations', () => {
    const config = { mediaType: MediaType.ociConfig, digest: sha256Digest('c'), size: 1 };
    const manifest = makeManifest(config, [layer(1).descriptor], {
      [Annotation.revision]: 'abc',
      [Annotation.created]: '',
    });
    expect(manifest).toEqual({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config,
      layers: [layer(1).descriptor],
      annotations: { [Annotation.revision]: 'abc' },
    });
    const index = makeIndex([
      {
        mediaType: MediaType.ociManifest,
        digest: sha256Digest('m'),
        size: 3,
        platform: { os: 'linux', architecture: 'amd64' },
      },
    ]);
    expect(index.mediaType).toBe(MediaType.ociIndex);
    expect(index).not.toHaveProperty('annotations');
  });

  it('serializeDocument describes exactly the bytes it returns', () => {
    const doc = makeIndex([]);
    const { bytes, descriptor } = serializeDocument(doc, MediaType.ociIndex, { annotations: { a: 'b' } });
    expect(descriptor).toEqual({
      mediaType: MediaType.ociIndex,
      digest: sha256Digest(bytes),
      size: bytes.length,
      annotations: { a: 'b' },
    });
    expect(JSON.parse(bytes.toString())).toEqual(doc);
  });

  it('mergeAnnotations: later maps win, empty values delete, keys sorted, nothing → undefined', () => {
    expect(mergeAnnotations({ b: '1', a: '1' }, { b: '2' }, undefined)).toEqual({ a: '1', b: '2' });
    expect(Object.keys(mergeAnnotations({ z: '1', a: '1' })!)).toEqual(['a', 'z']);
    expect(mergeAnnotations({ a: '1' }, { a: '' })).toBeUndefined();
  });
});
