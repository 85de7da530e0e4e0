/**
 * Exact discrete tail probabilities and quantiles (Poisson, binomial) and the normal distribution.
 *
 * Tails go through the regularised incomplete gamma and beta functions, whose prefactors are built in
 * log space, so counts in the tens of thousands neither overflow nor lose the tail to cancellation
 * (summing pmf terms would do both).
 */

const EPS = 1e-15;
const TINY = 1e-300;
const MAX_ITER = 10_000;

// Lanczos approximation (g = 7, 9 terms): ~15 significant digits for x > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Regularised lower incomplete gamma P(a, x) and its complement Q(a, x), computed together. */
function incompleteGamma(a: number, x: number): { p: number; q: number } {
  if (x <= 0) return { p: 0, q: 1 };
  const logPrefix = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    // Series: P = e^{-x} x^a / Γ(a+1) · Σ x^n / ((a+1)…(a+n)).
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_ITER; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) break;
    }
    const p = Math.min(1, Math.exp(logPrefix) * sum);
    return { p, q: 1 - p };
  }
  // Continued fraction for Q (modified Lentz).
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  const q = Math.min(1, Math.exp(logPrefix) * h);
  return { p: 1 - q, q };
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  // The fraction converges fast for x < (a+1)/(a+b+2); use the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) beyond.
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaFraction(a, b, x)) / a;
  return 1 - (Math.exp(logFront) * betaFraction(b, a, 1 - x)) / b;
}

/** P(X ≤ k) for X ~ Poisson(mu). */
export function poissonCdf(k: number, mu: number): number {
  if (k < 0) return 0;
  if (mu <= 0) return 1;
  return incompleteGamma(Math.floor(k) + 1, mu).q;
}

/** P(X ≥ k) for X ~ Poisson(mu). */
export function poissonSf(k: number, mu: number): number {
  if (k <= 0) return 1;
  if (mu <= 0) return 0;
  return incompleteGamma(Math.ceil(k), mu).p;
}

/** P(X ≤ k) for X ~ Binomial(n, p); n may be fractional (a continuous exposure). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  const kk = Math.floor(k);
  if (kk >= n || p <= 0) return 1;
  if (p >= 1) return 0;
  return incompleteBeta(1 - p, n - kk, kk + 1);
}

/** P(X ≥ k) for X ~ Binomial(n, p). */
export function binomialSf(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  const kk = Math.ceil(k);
  if (kk > n || p <= 0) return 0;
  if (p >= 1) return 1;
  return incompleteBeta(p, kk, n - kk + 1);
}

/** Φ(x), the standard normal distribution function, via erfc(y) = Q(½, y²). */
export function normalCdf(x: number): number {
  const y = Math.abs(x) / Math.SQRT2;
  const half = 0.5 * incompleteGamma(0.5, y * y).q;
  return x >= 0 ? 1 - half : half;
}

/** Upper tail 1 − Φ(x), accurate far out in the tail. */
export function normalSf(x: number): number {
  return normalCdf(-x);
}

/**
 * Φ⁻¹(p): Acklam's rational approximation (relative error ~1e-9), polished by one Halley step
 * against the exact Φ above.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    throw new RangeError(`normalQuantile: p must be in [0, 1], got ${p}`);
  }
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
      (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x =
      -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  // Halley refinement; the error term uses the lower or upper tail, whichever is small, for precision.
  const e = x < 0 ? normalCdf(x) - p : 1 - p - normalSf(x);
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** Smallest integer k ≥ 0 with cdf(k) ≥ q, searching from a normal-approximation start. */
function discreteQuantile(q: number, cdf: (k: number) => number, mean: number, sd: number, max: number): number {
  if (q <= 0) return 0;
  const z = q >= 1 ? 8 : normalQuantile(Math.min(q, 1 - 1e-16));
  let k = Math.max(0, Math.min(max, Math.floor(mean + z * sd)));
  if (cdf(k) >= q) {
    while (k > 0 && cdf(k - 1) >= q) k--;
  } else {
    while (k < max && cdf(k) < q) k++;
  }
  return k;
}

/** The q-quantile of Poisson(mu): the smallest k with P(X ≤ k) ≥ q. */
export function poissonQuantile(q: number, mu: number): number {
  if (mu <= 0) return 0;
  return discreteQuantile(q, (k) => poissonCdf(k, mu), mu, Math.sqrt(mu), Number.MAX_SAFE_INTEGER);
}

/** The q-quantile of Binomial(n, p): the smallest k with P(X ≤ k) ≥ q. */
export function binomialQuantile(q: number, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  return discreteQuantile(q, (k) => binomialCdf(k, n, p), n * p, Math.sqrt(n * p * (1 - p)), Math.ceil(n));
}

/** Chi-square upper tail P(X ≥ x) with `df` degrees of freedom. */
export function chiSquareSf(x: number, df: number): number {
  if (x <= 0) return 1;
  return incompleteGamma(df / 2, x / 2).q;
}
