// Adam's moment updates and direction in one pass over the values, as a TensorFlow.js kernel of the cpu
// and wasm backends. The same maths as ~10 elementwise ops, each a full pass that on wasm costs ~1 ms per
// 200k floats (a scalar loop per op); one JavaScript loop does it in ~1.5 ms (docs/performance.md).
import * as tf from '@tensorflow/tfjs';

const KERNEL = 'OptlabAdamDirection';

/** Per-run constants of one update (each array has one value per run, K of them). */
export interface AdamDirectionConstants {
  b1: readonly number[];
  /** 1 - b1, from float64. */
  oneMinusB1: readonly number[];
  b2: readonly number[];
  oneMinusB2: readonly number[];
  /** The direction is mu / (a sqrt(nu) + e): see scaleByAdam. */
  a: readonly number[];
  e: readonly number[];
}

/**
 * mu' = b1 mu + (1 - b1) g, nu' = b2 nu + (1 - b2) g², u = mu' / (a sqrt(nu') + e), element by element,
 * run k's slice (1/K of each array) with run k's constants. Arithmetic in float64, each result rounded
 * once to float32.
 */
function adamDirection(g: Float32Array, mu: Float32Array, nu: Float32Array, c: AdamDirectionConstants, out: [Float32Array, Float32Array, Float32Array]): void {
  const [muOut, nuOut, u] = out;
  const perRun = g.length / c.b1.length;
  for (let k = 0; k < c.b1.length; k++) {
    const b1 = c.b1[k];
    const oneMinusB1 = c.oneMinusB1[k];
    const b2 = c.b2[k];
    const oneMinusB2 = c.oneMinusB2[k];
    const a = c.a[k];
    const e = c.e[k];
    for (let i = k * perRun; i < (k + 1) * perRun; i++) {
      const gi = g[i];
      const m = b1 * mu[i] + oneMinusB1 * gi;
      const v = b2 * nu[i] + oneMinusB2 * (gi * gi);
      muOut[i] = m;
      nuOut[i] = v;
      u[i] = m / (a * Math.sqrt(v) + e);
    }
  }
}

/** The parts of the cpu backend the kernel uses. */
interface CpuBackend {
  data: { get(dataId: object): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
}

/** The parts of the wasm backend the kernel uses: tensors live in the module's heap. */
interface WasmBackend {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

type KernelArgs = { inputs: { g: tf.TensorInfo; mu: tf.TensorInfo; nu: tf.TensorInfo }; backend: unknown; attrs?: tf.NamedAttrMap };

function constantsOf(attrs: tf.NamedAttrMap | undefined): AdamDirectionConstants {
  return attrs as unknown as AdamDirectionConstants;
}

const kernels: Record<string, (args: KernelArgs) => tf.TensorInfo[]> = {
  cpu({ inputs: { g, mu, nu }, backend, attrs }) {
    const cpu = backend as CpuBackend;
    const out: [Float32Array, Float32Array, Float32Array] = [0, 1, 2].map(() => new Float32Array(tf.util.sizeFromShape(g.shape))) as never;
    adamDirection(cpu.data.get(g.dataId).values, cpu.data.get(mu.dataId).values, cpu.data.get(nu.dataId).values, constantsOf(attrs), out);
    return out.map((values) => cpu.makeTensorInfo(g.shape, 'float32', values));
  },
  wasm({ inputs: { g, mu, nu }, backend, attrs }) {
    const wasm = backend as WasmBackend;
    // Allocate first: an allocation may grow the heap, which detaches views taken before it.
    const infos = [0, 1, 2].map(() => wasm.makeOutput(g.shape, 'float32'));
    const view = (info: tf.TensorInfo) => wasm.typedArrayFromHeap(info);
    adamDirection(view(g), view(mu), view(nu), constantsOf(attrs), infos.map(view) as never);
    return infos;
  },
};

/**
 * Registers the fused kernel for the active backend, once, when the backend is one it is written for (cpu and
 * wasm; others use the elementwise ops), and returns whether it is registered.
 */
export function registerFusedAdam(): boolean {
  const backend = tf.getBackend();
  if (!(backend in kernels)) return false;
  if (tf.getKernel(KERNEL, backend) === undefined) tf.registerKernel({ kernelName: KERNEL, backendName: backend, kernelFunc: kernels[backend] as never });
  return true;
}

/** [mu', nu', u] for gradient g and moments mu, nu (float32, one shape [K, ...]); needs registerFusedAdam(). */
export function fusedAdamDirection(g: tf.Tensor, mu: tf.Tensor, nu: tf.Tensor, constants: AdamDirectionConstants): tf.Tensor[] {
  return tf.engine().runKernel(KERNEL, { g, mu, nu }, constants as unknown as tf.NamedAttrMap) as unknown as tf.Tensor[];
}
