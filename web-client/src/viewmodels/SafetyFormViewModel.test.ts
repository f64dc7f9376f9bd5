import { describe, expect, it } from "vitest";
import { FakeSafetyFormRoom } from "../session/fake/FakeSafetyFormRoom.ts";
import { YouthSafetyForm } from "../session/matrix/safetyForm.ts";
import { SafetyFormViewModel } from "./SafetyFormViewModel.ts";

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
const ALICE = "@alice:localhost";

function parties() {
  const room = new FakeSafetyFormRoom();
  const port = new YouthSafetyForm();
  port.connect(room);
  const vm = new SafetyFormViewModel();
  vm.attach(port);
  return { room, vm };
}

describe("SafetyFormViewModel (youth)", () => {
  it("should ask for consent before any form shows, and send nothing without it", async () => {
    const { room, vm } = parties();
    expect(vm.getSnapshot().step).toBe("hidden");
    room.requestFrom(ALICE, "request-alice1");
    expect(vm.getSnapshot()).toEqual({ step: "consent", declining: false, failed: false });
    vm.setPlace("Namur"); // no form yet: nothing typed can be held
    vm.send();
    await settle();
    expect(room.sent).toEqual([]);
    vm.consent();
    expect(vm.getSnapshot()).toMatchObject({ step: "form", place: "", phone: "" });
  });

  it("should say what is wrong, then send to the requester only, and forget the answers", async () => {
    const { room, vm } = parties();
    room.requestFrom(ALICE, "request-alice1");
    vm.consent();
    vm.send();
    expect(vm.getSnapshot()).toMatchObject({ step: "form", problem: "empty" });
    vm.setPhone("appelle-moi");
    vm.send();
    expect(vm.getSnapshot()).toMatchObject({ step: "form", problem: "phoneInvalid" });
    vm.setPhone(" 0470 12 34 56 ");
    vm.setPlace("Gare de Namur");
    vm.send();
    expect(vm.getSnapshot()).toMatchObject({ step: "form", sending: true });
    await settle();
    expect(vm.getSnapshot()).toEqual({ step: "sent" });
    expect(room.encrypted.map((e) => e.devices.map((d) => d.userId))).toEqual([[ALICE, ALICE]]);
    expect(room.encrypted[0]?.payload).toMatchObject({
      place: "Gare de Namur",
      phone: "0470 12 34 56",
    });
    vm.dismiss();
    expect(vm.getSnapshot().step).toBe("hidden");
  });

  it("should cancel back to the question, and decline with no answer", async () => {
    const { room, vm } = parties();
    room.requestFrom(ALICE, "request-alice1");
    vm.consent();
    vm.setPlace("Liège");
    vm.cancel();
    expect(vm.getSnapshot().step).toBe("consent");
    vm.consent();
    expect(vm.getSnapshot()).toMatchObject({ place: "" }); // what she typed was forgotten
    vm.cancel();
    vm.decline();
    await settle();
    expect(vm.getSnapshot()).toEqual({ step: "declined" });
    expect(room.sent).toEqual([{ declined: { request_id: "request-alice1" } }]);
    expect(room.encrypted).toEqual([]);
  });

  it("should withdraw the question when the counsellor leaves, and stop at the end", () => {
    const { room, vm } = parties();
    room.requestFrom(ALICE, "request-alice1");
    room.counsellors.delete(ALICE);
    room.changed();
    expect(vm.getSnapshot().step).toBe("hidden");
    room.counsellors.add(ALICE);
    room.changed();
    expect(vm.getSnapshot().step).toBe("consent");
    vm.attach(null);
    expect(vm.getSnapshot().step).toBe("hidden");
  });
});
