/** The network diagram draws the sanitizing transfer, the one path from the internet zone into LGWAN. */
import { buildReportDocument, renderReport } from '../../lib/report';
import { TemplateModel } from '../../lib/template/template-model';
import { checkModel } from '../../rules/pack/check-templates';
import { tags, template, zoneVpc } from '../rules/harness';

const bucket = (purpose?: string) => ({
  Type: 'AWS::S3::Bucket',
  Properties: {
    BucketName: 'shiojiri-sanitized-inbox',
    Tags: tags({
      'lgsec:confidentiality': '2',
      'lgsec:integrity': '2',
      'lgsec:availability': '1',
      ...(purpose ? { 'lgsec:purpose': purpose } : {}),
    }),
  },
});
const diagramOf = (resources: Record<string, unknown>, lang: 'en' | 'ja' = 'en'): string => {
  const model = TemplateModel.load([{ name: 'Zones', region: 'ap-northeast-1', template: template(resources) }]);
  const html = renderReport(buildReportDocument({ run: checkModel(model), model }, { lang }), 'html');
  return html.slice(html.indexOf('<svg class="diagram" id="network-diagram"'));
};
const zones = { ...zoneVpc('Lgwan', 'lgwan', '10.20.0.0/16'), ...zoneVpc('Net', 'internet', '10.40.0.0/16') };

describe('the network diagram', () => {
  test('draws the sanitizing transfer from the internet zone to LGWAN, naming its stores', () => {
    const svg = diagramOf({ ...zones, Inbox: bucket('sanitizing-transfer') });
    expect(svg).toMatch(/<path class="sanitized" d="M40 \d+ C/);
    expect(svg).toMatch(
      /<g class="sanitizing-transfer"><text [^>]*>↑ sanitizing transfer \(internet → LGWAN\): shiojiri-sanitized-inbox<\/text>/,
    );
    expect(diagramOf({ ...zones, Inbox: bucket('sanitizing-transfer') }, 'ja')).toMatch(/無害化転送/);
  });

  test('draws none without the transfer’s stores', () => {
    expect(diagramOf({ ...zones, Inbox: bucket() })).not.toMatch(/class="sanitized"|class="sanitizing-transfer"/);
  });
});
