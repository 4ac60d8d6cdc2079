import {
  documentMediaType,
  isImageConfigMediaType,
  isIndexMediaType,
  isManifestMediaType,
  layerCompression,
  MANIFEST_ACCEPT,
  MediaType,
} from './media-types';
import { formatPlatform, parsePlatform, platformMatches } from './platform';

describe('media types', () => {
  it('understands OCI and Docker schema2 types on read', () => {
    expect(isIndexMediaType(MediaType.ociIndex)).toBe(true);
    expect(isIndexMediaType(MediaType.dockerManifestList)).toBe(true);
    expect(isManifestMediaType(MediaType.dockerManifest)).toBe(true);
    expect(isManifestMediaType(MediaType.ociIndex)).toBe(false);
    expect(isImageConfigMediaType(MediaType.dockerConfig)).toBe(true);
    expect(layerCompression(MediaType.dockerLayerGzip)).toBe('gzip');
    expect(layerCompression(MediaType.ociLayer)).toBe('none');
    expect(layerCompression(MediaType.ociLayerZstd)).toBe('zstd');
    expect(() => layerCompression('application/vnd.cncf.helm.chart.content.v1.tar+gzip')).toThrow(
      'unsupported layer media type "application/vnd.cncf.helm.chart.content.v1.tar+gzip"',
    );
    for (const type of [
      MediaType.ociIndex,
      MediaType.ociManifest,
      MediaType.dockerManifestList,
      MediaType.dockerManifest,
    ]) {
      expect(MANIFEST_ACCEPT).toContain(type);
    }
  });

  it('takes a document media type from the document, inferring it when omitted', () => {
    expect(documentMediaType({ mediaType: MediaType.dockerManifest, layers: [] })).toBe(
      MediaType.dockerManifest,
    );
    expect(documentMediaType({ schemaVersion: 2, manifests: [] })).toBe(MediaType.ociIndex);
    expect(documentMediaType({ schemaVersion: 2, config: {}, layers: [] })).toBe(MediaType.ociManifest);
    expect(documentMediaType({ schemaVersion: 1 })).toBeUndefined();
  });
});

describe('platforms', () => {
  it('parses and formats', () => {
    expect(parsePlatform('linux/arm64/v8')).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(formatPlatform(parsePlatform('linux/amd64'))).toBe('linux/amd64');
    expect(() => parsePlatform('linux')).toThrow('platform "linux" must be os/architecture[/variant]');
  });

  it.each([
    ['linux/amd64', { os: 'linux', architecture: 'amd64' }, true],
    ['linux/amd64', { os: 'linux', architecture: 'arm64' }, false],
    ['linux/arm64', { os: 'linux', architecture: 'arm64', variant: 'v8' }, true],
    ['linux/arm64/v8', { os: 'linux', architecture: 'arm64' }, true],
    ['linux/arm/v7', { os: 'linux', architecture: 'arm', variant: 'v6' }, false],
    ['linux/amd64', { os: 'windows', architecture: 'amd64' }, false],
  ])('%s runs %j → %s', (wanted, candidate, expected) => {
    expect(platformMatches(parsePlatform(wanted), candidate)).toBe(expected);
  });
});
