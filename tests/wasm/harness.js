// Main thread of the test page: runs each job in a fresh module worker (a new
// wasm instance, so one job's trap cannot leak into the next).
export function run(job) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
    worker.onmessage = ({ data }) => {
      worker.terminate();
      resolve(data);
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`worker failed: ${event.message ?? "could not load"}`));
    };
    worker.postMessage(job);
  });
}

window.cxkpiTest = { run };
