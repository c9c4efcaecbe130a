import { parseCliArguments } from './cliArguments';

describe('yarn sandbox arguments', () => {
  it('defaults to the sockshop scenario for two users on port 6443', () => {
    expect(parseCliArguments([])).toMatchObject({
      port: 6443,
      scenario: 'sockshop',
      users: 2,
      delayMs: 500,
      help: false,
    });
  });

  it('reads every option', () => {
    expect(
      parseCliArguments([
        '--port',
        '0',
        '--scenario',
        'scale',
        '--services',
        '1000',
        '--users',
        '3',
        '--delay-ms',
        '0',
        '--kubeconfig',
        '/tmp/k',
        '--tls-dir',
        '/tmp/t',
        '--traffic-rps',
        '50',
        '--apps-domain',
        'apps.example.com',
        '--cluster-dir',
        '/tmp/c',
        '--portal-token-file',
        '/tmp/token',
      ]),
    ).toMatchObject({
      port: 0,
      scenario: 'scale',
      services: 1000,
      users: 3,
      delayMs: 0,
      kubeconfig: '/tmp/k',
      tlsDir: '/tmp/t',
      trafficRps: 50,
      appsDomain: 'apps.example.com',
      clusterDir: '/tmp/c',
      portalTokenFile: '/tmp/token',
    });
  });

  it.each([
    [['--port', '70000'], '--port must be a whole number from 0 to 65535'],
    [['--users', 'two'], '--users must be a whole number'],
    [
      ['--scenario', 'bookinfo'],
      '--scenario must be one of sockshop, meshed, meshed-sail, meshed-ambient, scale',
    ],
    [['--apps-domain', 'Not A Domain'], '--apps-domain must be a DNS domain'],
    [['--colour'], "Unknown option '--colour'"],
  ])('rejects %j naming the flag', (argv, message) => {
    expect(() => parseCliArguments(argv)).toThrow(message);
  });
});
