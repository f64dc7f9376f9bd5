import { lazy, Suspense, type ReactNode } from "react";
import type { DeviceViewModel } from "../viewmodels/DeviceViewModel.ts";
import type * as DeviceScreens from "./DeviceScreens.tsx";

/**
 * "Continuer plus tard sur cet appareil" is rarely used, so its view model, screens and texts
 * stay out of the landing page: they load when a kept conversation waits at load, or when the
 * chat shows its button.
 */
export type LoadDevice = () => Promise<DeviceViewModel>;

function lazyWithDevice<P extends object>(
  loadDevice: LoadDevice,
  pick: (module: typeof DeviceScreens) => (props: P & { device: DeviceViewModel }) => ReactNode,
) {
  return lazy(async () => {
    const [device, module] = await Promise.all([loadDevice(), import("./DeviceScreens.tsx")]);
    const Component = pick(module);
    return { default: (props: P) => <Component {...props} device={device} /> };
  });
}

/** In front of the app when a kept conversation waits: the PIN screen first. */
export function createDeviceViews(loadDevice: LoadDevice, minPinLength: number) {
  const Gate = lazyWithDevice<{ children: ReactNode }>(loadDevice, (m) => m.DeviceFront);
  const Keep = lazyWithDevice<{ minPinLength: number }>(loadDevice, (m) => m.KeepOnDevice);
  return {
    DeviceGate({ locked, children }: { locked: boolean; children: ReactNode }) {
      if (!locked) return children;
      return (
        <Suspense fallback={null}>
          <Gate>{children}</Gate>
        </Suspense>
      );
    },
    KeepOnDevice() {
      return (
        <Suspense fallback={null}>
          <Keep minPinLength={minPinLength} />
        </Suspense>
      );
    },
  };
}
