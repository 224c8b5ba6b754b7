// The operator's endpoint rules on their own: what an allow-list entry opens, which key goes where,
// and the serve flags that build them (a real keys file on disk).
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { endpointsFromFlags } from '../../src/main/inference/endpointConfig'
import { EndpointPolicy } from '../../src/main/inference/endpointPolicy'
import { tempDir } from '../helpers/temp'

const flags = { endpoints: [] as string[], allowHosts: [] as string[], shared: true }

describe('EndpointPolicy', () => {
  it('lets an allowed host through, link-local included, on any port or only the one given', async () => {
    const policy = new EndpointPolicy({ allowHosts: ['169.254.169.254', 'gpu-box:8000'], onlyConfigured: true })
    await expect(policy.admit('http://169.254.169.254:1234/')).resolves.toBeUndefined()
    await expect(policy.admit('http://GPU-box:8000/v1')).resolves.toBeUndefined()
    await expect(policy.admit('http://gpu-box:8001')).rejects.toThrow(/accepts only the endpoints its operator configured/)
  })

  it('refuses other schemes, and names that do not resolve, without echoing credentials or a query', async () => {
    const policy = new EndpointPolicy({ lookup: async () => Promise.reject(Object.assign(new Error('nope'), { code: 'ENOTFOUND' })) })
    await expect(policy.admit('ftp://files.example/')).rejects.toThrow('only http and https endpoints are accepted')
    const err = await policy.admit('http://user:pass@nowhere.example/v1?key=abc').catch((e: Error) => e)
    expect((err as Error).message).toBe('Endpoint http://nowhere.example/v1 refused: its host could not be resolved (ENOTFOUND)')
  })

  it("sends the operator's key to a managed endpoint in place of the caller's, and the caller's elsewhere", () => {
    const policy = new EndpointPolicy({ managed: [{ url: 'http://gpu-box:8000/', apiKey: 'operator' }] })
    expect(policy.keyFor('http://gpu-box:8000/v1', 'caller')).toBe('operator')
    expect(policy.keyFor('http://other:8000', 'caller')).toBe('caller')
  })
})

describe('endpointsFromFlags', () => {
  it('reads keys per endpoint from the keys file, and SKYCAP_ENDPOINT_KEY for the others', () => {
    const file = path.join(tempDir(), 'keys')
    writeFileSync(file, '# team endpoints\nhttp://gpu-a:8000/v1  key-a\n\n')
    const config = endpointsFromFlags({ ...flags, endpoints: ['http://gpu-a:8000', 'http://gpu-b:8000'], keysFile: file, defaultKey: 'key-env' })
    expect(config).toEqual({
      managed: [
        { url: 'http://gpu-a:8000', apiKey: 'key-a' },
        { url: 'http://gpu-b:8000', apiKey: 'key-env' }
      ],
      allowHosts: [],
      onlyConfigured: true
    })
  })

  it('names the flag and the line of bad input, never the key', () => {
    const file = path.join(tempDir(), 'keys')
    writeFileSync(file, 'http://gpu-a:8000 sk-123 extra\n')
    expect(() => endpointsFromFlags({ ...flags, endpoints: ['http://gpu-a:8000'], keysFile: file })).toThrow('--endpoint-keys keys: line 1 is not "URL KEY"')
    writeFileSync(file, 'http://gpu-c:8000 sk-123\n')
    expect(() => endpointsFromFlags({ ...flags, endpoints: ['http://gpu-a:8000'], keysFile: file })).toThrow(
      '--endpoint-keys has a key for http://gpu-c:8000, which no --endpoint names'
    )
    expect(() => endpointsFromFlags({ ...flags, endpoints: ['gpu-a:8000'] })).toThrow('--endpoint gpu-a:8000: give an http(s) URL')
  })
})
