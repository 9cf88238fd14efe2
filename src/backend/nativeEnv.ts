/**
 * Environment of the native backend, set before libtensorflow loads (it reads these once, when the
 * addon is loaded). A value the user set is kept.
 *
 * - `TF_CPP_MIN_LOG_LEVEL=2`: no INFO or WARNING lines from TensorFlow's C++ logging on stderr.
 * - `TF_ENABLE_ONEDNN_OPTS=0`: TensorFlow 2.21 prints its "oneDNN custom operations are on" notice
 *   at load time whatever the log level; with the oneDNN custom kernels off it prints nothing, and
 *   the kernels are TensorFlow's own (Eigen) ones, the same on every x86 machine.
 */
export const NATIVE_ENV: Readonly<Record<string, string>> = Object.freeze({ TF_CPP_MIN_LOG_LEVEL: '2', TF_ENABLE_ONEDNN_OPTS: '0' });

/** Sets {@link NATIVE_ENV} in `env` where unset. Returns `env`. */
export function quietNativeLogs(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  for (const [key, value] of Object.entries(NATIVE_ENV)) if (env[key] === undefined) env[key] = value;
  return env;
}
