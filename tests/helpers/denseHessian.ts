// Dense float64 references for Hessian tests: a Hessian by central second differences of a float64 function
// (a method independent of any Hessian-vector product), its product with a vector, and the eigenvalues of a
// symmetric matrix (and its eigenvectors) by cyclic Jacobi rotations (independent of Lanczos and of ml-matrix).

/**
 * H[i][j] = (f(θ + h e_i + h e_j) − f(θ + h e_i − h e_j) − f(θ − h e_i + h e_j) + f(θ − h e_i − h e_j)) / (4 h²):
 * O(h²) truncation, roundoff ~ 1e-16 |f| / h², both ~1e-8 at h = 1e-4 for the O(1) losses here.
 */
export function finiteDifferenceHessian(f: (theta: Float64Array) => number, theta: Float64Array, h = 1e-4): number[][] {
  const n = theta.length;
  const at = (i: number, si: number, j: number, sj: number) => {
    const t = Float64Array.from(theta);
    t[i] += si * h;
    t[j] += sj * h;
    return f(t);
  };
  const H = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const value = (at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) / (4 * h * h);
      H[i][j] = value;
      H[j][i] = value;
    }
  }
  return H;
}

export function matVec(M: number[][], v: ArrayLike<number>): number[] {
  return M.map((row) => row.reduce((sum, m, j) => sum + m * v[j], 0));
}

/** Eigenvalues, descending, and their eigenvectors of a symmetric matrix by cyclic Jacobi rotations, in float64. */
export function jacobiEigen(A: number[][]): { values: number[]; vectors: number[][] } {
  const n = A.length;
  const a = A.map((row) => [...row]);
  const v: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p][q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p][q]) < 1e-300) continue;
        // The rotation that zeroes a[p][q]: tan 2θ = 2 a_pq / (a_qq − a_pp).
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = a.map((row, i) => [row[i], i] as const).sort((x, y) => y[0] - x[0]);
  return { values: order.map(([value]) => value), vectors: order.map(([, i]) => v.map((row) => row[i])) };
}

/** The eigenvalues of a symmetric matrix by cyclic Jacobi rotations, ascending. */
export function jacobiEigenvalues(M: number[][]): number[] {
  return jacobiEigen(M).values.reverse();
}
