/** The tfjs backends provably runs on: native TensorFlow (tfjs-node), WASM, pure-JS CPU. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
