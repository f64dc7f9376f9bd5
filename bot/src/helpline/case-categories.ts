// The case form's categories of a helpline (issue 17): its own (`caseForm.categories`), or the
// default taxonomy of the contract, aligned with Child Helpline International's framework for
// sexual violence, with the labels below.

import { defaultCaseCategories } from "@helpline/contract";
import type { CaseCategory, HelplineDefinition } from "./schema.ts";

const defaultLabels: Record<(typeof defaultCaseCategories)[number], CaseCategory["label"]> = {
  rape: { fr: "Viol", nl: "Verkrachting", en: "Rape" },
  "sexual-assault": { fr: "Agression sexuelle", nl: "Aanranding", en: "Sexual assault" },
  "incest-intra-family": {
    fr: "Inceste, abus dans la famille",
    nl: "Incest, misbruik in het gezin",
    en: "Incest, intra-family abuse",
  },
  "online-exploitation-sextortion": {
    fr: "Exploitation en ligne, sextorsion",
    nl: "Online uitbuiting, sextortion",
    en: "Online exploitation, sextortion",
  },
  harassment: { fr: "Harcèlement", nl: "Intimidatie", en: "Harassment" },
  "what-is-normal": {
    fr: "Questions sur ce qui est normal",
    nl: "Vragen over wat normaal is",
    en: "Questions about what is normal",
  },
  other: { fr: "Autre", nl: "Andere", en: "Other" },
};

export function caseCategoriesOf(definition: Pick<HelplineDefinition, "caseForm">): CaseCategory[] {
  return (
    definition.caseForm?.categories ??
    defaultCaseCategories.map((id) => ({ id, label: defaultLabels[id] }))
  );
}
