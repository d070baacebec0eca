// Dense float64 references for Hessian tests: a Hessian by central second differences of a float64 function
// (a method independent of any Hessian-vector product), its product with a vector, and the eigenvalues of a
// symmetric matrix by cyclic Jacobi rotations (independent of Lanczos and of ml-matrix).

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

/** The eigenvalues of a symmetric matrix by cyclic Jacobi rotations, ascending. */
export function jacobiEigenvalues(M: number[][]): number[] {
  const n = M.length;
  const A = M.map((row) => [...row]);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += A[p][q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (A[p][q] === 0) continue;
        // The rotation in the (p, q) plane that zeroes A[p][q] (Golub & Van Loan, Algorithm 8.5.1).
        const tau = (A[q][q] - A[p][p]) / (2 * A[p][q]);
        const t = Math.sign(tau || 1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = A[k][p];
          const akq = A[k][q];
          A[k][p] = c * akp - s * akq;
          A[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p][k];
          const aqk = A[q][k];
          A[p][k] = c * apk - s * aqk;
          A[q][k] = s * apk + c * aqk;
        }
      }
    }
  }
  return A.map((row, i) => row[i]).sort((a, b) => a - b);
}
