import { renderInTestApp } from '@backstage/test-utils';
import { createTheme, ThemeProvider } from '@material-ui/core/styles';
import { render, screen } from '@testing-library/react';
import {
  cartsRates,
  ordersRates,
  series,
  STEP_SECONDS,
  WINDOW_END,
  WINDOW_START,
} from '../__fixtures__/requestRates';
import { RequestRateSparkline } from './RequestRateSparkline';
import { RatePoint } from './requestRateSeries';

const window = {
  start: WINDOW_START,
  end: WINDOW_END,
  stepSeconds: STEP_SECONDS,
};

async function renderSparkline(service: string, points: RatePoint[]) {
  await renderInTestApp(
    <RequestRateSparkline service={service} points={points} window={window} />,
  );
  return screen.getByRole('img');
}

/** The y of each vertex of an SVG path `M x y L x y ...`. */
const ys = (d: string) =>
  d
    .split(/[ML]/)
    .filter(Boolean)
    .map(pair => Number(pair.trim().split(' ')[1]));

describe('RequestRateSparkline', () => {
  it('says the range and the current rate, and draws one line', async () => {
    const svg = await renderSparkline('carts', cartsRates);
    expect(svg).toHaveAccessibleName(
      'Request rate of carts over the last 30 minutes: 0.20 to 0.60 req/s, now 0.50 req/s',
    );
    const lines = svg.querySelectorAll('path[fill="none"]');
    expect(lines).toHaveLength(1);
    // time from left to right; zero at the bottom (y 22), the top at y 2:
    // 0.2 of at most 0.6 req/s sits a third of the way up
    const d = lines[0].getAttribute('d')!;
    expect(d.startsWith('M2 15.3 ')).toBe(true);
    expect(d.endsWith(' L118 5.3')).toBe(true);
    expect(Math.min(...ys(d))).toBe(2);
  });

  it('breaks the line where points are missing and says so', async () => {
    const svg = await renderSparkline('orders', ordersRates);
    expect(svg).toHaveAccessibleName(
      'Request rate of orders over the last 30 minutes: 3.60 to 4.40 req/s, now 4.00 req/s, with gaps',
    );
    expect(svg.querySelectorAll('path[fill="none"]')).toHaveLength(2);
  });

  it('draws a single point as a dot', async () => {
    const svg = await renderSparkline(
      'payment',
      series([...Array(60).fill(null), 5.4]),
    );
    expect(svg).toHaveAccessibleName(
      'Request rate of payment over the last 30 minutes: a single point of 5.40 req/s',
    );
    expect(svg.querySelectorAll('path')).toHaveLength(0);
    const dots = Array.from(svg.querySelectorAll('circle'));
    expect(dots.length).toBeGreaterThan(0);
    // at the right end of the window
    expect(dots.every(dot => dot.getAttribute('cx') === '118')).toBe(true);
  });

  it('draws zero requests along the baseline', async () => {
    const svg = await renderSparkline(
      'queue-master',
      series(Array(61).fill(0)),
    );
    expect(svg).toHaveAccessibleName(
      'Request rate of queue-master over the last 30 minutes: steady at 0.0 req/s',
    );
    const line = svg.querySelector('path[fill="none"]')!;
    expect(new Set(ys(line.getAttribute('d')!))).toEqual(new Set([22]));
  });

  it('does not call an old value "now"', async () => {
    // traffic stopped being reported ten minutes before the end
    const svg = await renderSparkline(
      'shipping',
      series([...Array(41).fill(7.5), ...Array(20).fill(null)]).map(
        ([t, v], i): RatePoint => [t, i === 40 ? 3 : v],
      ),
    );
    expect(svg).toHaveAccessibleName(
      'Request rate of shipping over the last 30 minutes: 3.00 to 7.50 req/s, last 3.00 req/s, no data for the last 10 minutes',
    );
  });

  it("draws in the theme's colours, so that a dark theme reads too", () => {
    const dark = createTheme({
      palette: { type: 'dark', primary: { main: '#9cc9ff' } },
    });
    render(
      <ThemeProvider theme={dark}>
        <RequestRateSparkline
          service="carts"
          points={cartsRates}
          window={window}
        />
      </ThemeProvider>,
    );
    const svg = screen.getByRole('img');
    expect(svg.querySelector('path[fill="none"]')).toHaveAttribute(
      'stroke',
      '#9cc9ff',
    );
    expect(svg.querySelector('line')).toHaveAttribute(
      'stroke',
      dark.palette.divider,
    );
    // the label also shows as a tooltip
    expect(svg.querySelector('title')).toHaveTextContent(
      'Request rate of carts over the last 30 minutes: 0.20 to 0.60 req/s, now 0.50 req/s',
    );
  });
});
