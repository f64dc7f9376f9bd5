import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FakeApi, FakeMatrix, desk } from "../fake/fakes.ts";
import { ConsoleMessagesContext } from "../i18n/index.ts";
import { en } from "../i18n/en.ts";
import { fr } from "../i18n/fr.ts";
import { nl } from "../i18n/nl.ts";
import { CaseFormViewModel, type CaseFormSnapshot } from "../viewmodels/CaseFormViewModel.ts";
import { DeskFeed } from "../viewmodels/DeskFeed.ts";
import { CaseFormView } from "./CaseForm.tsx";

const api = new FakeApi();
const vm = new CaseFormViewModel({
  api,
  feed: new DeskFeed({ api, matrix: new FakeMatrix(), schedule: () => () => undefined }, desk()),
});

const form: NonNullable<CaseFormSnapshot> = {
  reference: 4821,
  categories: [
    { id: "rape", label: { fr: "Viol", nl: "Verkrachting", en: "Rape" }, checked: true },
    { id: "grooming", label: { fr: "Pédopiégeage" }, checked: false },
  ],
  offers: [
    { id: "listening", checked: true },
    { id: "referral-cpvs", checked: false },
  ],
  writers: ["victim", "unknown"],
  ageBands: ["15-17"],
  firstDisclosures: ["yes", "no"],
  writer: "victim",
  ageBand: null,
  firstDisclosure: null,
  sending: false,
  failed: false,
};

const render = (messages = fr, shown = form) =>
  renderToStaticMarkup(
    <ConsoleMessagesContext.Provider value={messages}>
      <CaseFormView form={shown} vm={vm} />
    </ConsoleMessagesContext.Provider>,
  );

describe("CaseFormView", () => {
  it("should group each question in a fieldset with its legend, and offer no free text", () => {
    const html = render();
    expect(html.match(/<fieldset>/g)).toHaveLength(5);
    for (const legend of [fr.caseForm.categories, fr.caseForm.writer, fr.caseForm.offered]) {
      expect(html).toContain(`<legend>${legend}</legend>`);
    }
    expect(html).not.toMatch(/type="text"|<textarea/);
    expect(html.match(/type="radio" name="writer"/g)).toHaveLength(2);
    expect(html).toMatch(/type="checkbox" name="category" checked="" value="rape"/);
    expect(html).toMatch(/type="radio" name="writer" checked="" value="victim"/);
    expect(html).toContain("Jeune 4821");
    expect(html).toContain(">Envoyer<");
    expect(html).toContain(">Passer<");
  });

  it("should show the categories in the console's language, else the one there is", () => {
    expect(render(nl)).toContain("Verkrachting");
    expect(render(en)).toContain("Rape");
    expect(render(en)).toContain("Pédopiégeage");
    expect(render(nl)).toContain(">Overslaan<");
  });

  it("should say when sending failed, and disable both buttons while sending", () => {
    expect(render(fr, { ...form, failed: true })).toContain(fr.caseForm.failed);
    const sending = render(fr, { ...form, sending: true });
    expect(sending.match(/disabled=""/g)).toHaveLength(2);
    expect(sending).toContain(fr.caseForm.sending);
  });
});
