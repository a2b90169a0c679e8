/**
 * Whether the python-backed specs can run: python3 importing numpy. RNN_ORACLE_NO_PYTHON=1 says no
 * (the mutation config sets it: a python start per mutant would dominate the run), and the reason
 * the specs print when they skip says which it was.
 */
import { spawnSync } from 'node:child_process';

const optedOut = Boolean(process.env.RNN_ORACLE_NO_PYTHON);
export const hasNumpy = !optedOut && spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
export const noNumpyReason = optedOut ? 'RNN_ORACLE_NO_PYTHON is set' : 'python3 with numpy is not available here';
