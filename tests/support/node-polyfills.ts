// Node version policy (see README): the project runs on Node 20.19+, the machine's Node. matrix-js-sdk
// 43 targets Node 22 and calls Promise.withResolvers, which Node 20 lacks. Only the tests run the SDK
// in Node (the scripted counsellor); browsers have it natively. So the tests, and only they, add it.
if (!("withResolvers" in Promise)) {
  Object.defineProperty(Promise, "withResolvers", {
    configurable: true,
    writable: true,
    value: function withResolvers<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
export {};
