package org.mailauth.dns;

/**
 * Punycode (RFC 3492 §6.3, the encoder only): a string of Unicode code points as the ASCII letters, digits and
 * hyphens of an A-label's tail. The parameters are those of §5.
 */
final class Punycode {

    private static final int BASE = 36;
    private static final int TMIN = 1;
    private static final int TMAX = 26;
    private static final int SKEW = 38;
    private static final int DAMP = 700;
    private static final int INITIAL_BIAS = 72;
    private static final int INITIAL_N = 0x80;

    private Punycode() {
    }

    /** @throws IllegalArgumentException on overflow (§6.4), which no label of 63 octets can reach */
    static String encode(int[] codePoints) {
        StringBuilder output = new StringBuilder();
        for (int codePoint : codePoints) {
            if (codePoint < INITIAL_N) {
                output.append((char) codePoint);
            }
        }
        int basic = output.length();
        if (basic > 0) {
            output.append('-');
        }
        int n = INITIAL_N;
        int delta = 0;
        int bias = INITIAL_BIAS;
        int handled = basic;
        while (handled < codePoints.length) {
            int next = Integer.MAX_VALUE;
            for (int codePoint : codePoints) {
                if (codePoint >= n && codePoint < next) {
                    next = codePoint;
                }
            }
            if ((long) (next - n) * (handled + 1) > Integer.MAX_VALUE - delta) {
                throw new IllegalArgumentException("punycode overflow");
            }
            delta += (next - n) * (handled + 1);
            n = next;
            for (int codePoint : codePoints) {
                if (codePoint < n && ++delta == 0) {
                    throw new IllegalArgumentException("punycode overflow");
                }
                if (codePoint == n) {
                    int q = delta;
                    for (int k = BASE; ; k += BASE) {
                        int t = k <= bias ? TMIN : Math.min(k - bias, TMAX);
                        if (q < t) {
                            break;
                        }
                        output.append(digit(t + (q - t) % (BASE - t)));
                        q = (q - t) / (BASE - t);
                    }
                    output.append(digit(q));
                    bias = adapt(delta, handled + 1, handled == basic);
                    delta = 0;
                    handled++;
                }
            }
            delta++;
            n++;
        }
        return output.toString();
    }

    /** §6.1. */
    private static int adapt(int delta, int points, boolean first) {
        int scaled = first ? delta / DAMP : delta / 2;
        scaled += scaled / points;
        int k = 0;
        while (scaled > ((BASE - TMIN) * TMAX) / 2) {
            scaled /= BASE - TMIN;
            k += BASE;
        }
        return k + (BASE - TMIN + 1) * scaled / (scaled + SKEW);
    }

    private static char digit(int value) {
        return (char) (value < 26 ? 'a' + value : '0' + value - 26);
    }
}
