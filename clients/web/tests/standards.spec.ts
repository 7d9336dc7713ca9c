// Standards, the kompas and the register in the browser: a standard from
// draft to the next published kompas version, endorsed from three
// municipalities in three browser contexts; the version's diff and its
// downloads (byte for byte what kompas-export writes); a deviation without
// an explanation refused next to the field; buttons by role.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import {
  test,
  expect,
  signIn,
  newMember,
  expectAccessible,
  screenshot,
  call,
  tabTo,
  kompasExportBinary,
  type Kompasd,
} from "./kompasd";

const community = "communities/wijkteams";

function kompasExport(kompasd: Kompasd, version: number, format: string): Buffer {
  return execFileSync(
    kompasExportBinary,
    ["--community", "wijkteams", "--version", String(version), "--format", format],
    {
      env: {
        ...process.env,
        KOMPAS_SERVER: kompasd.grpcAddress,
        KOMPAS_TOKEN: kompasd.token("export-bot"),
        KOMPAS_TLS: "",
      },
    },
  );
}

// A draft standard written by the steward over gRPC, for the tests that start
// from one: its content as StandardContent's JSON.
async function createDraft(kompasd: Kompasd, content: Record<string, unknown>) {
  return call(kompasd, "dewi-westland", "StandardService/CreateStandard", {
    parent: community,
    standard: { content },
  });
}

async function downloadBytes(page: Page, button: string): Promise<Buffer> {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: button }).click(),
  ]);
  return readFileSync((await download.path())!);
}

test("a standard goes from draft to the next kompas version, endorsed by three municipalities", async ({
  page,
  browser,
  kompasd,
}) => {
  test.setTimeout(180_000);
  await signIn(page, kompasd, "dewi-westland");
  await page.getByRole("navigation").getByRole("link", { name: "Standaarden" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Standaarden" })).toBeFocused();
  await expect(page.getByRole("heading", { name: /Ter onderschrijving/ })).toBeVisible();
  await expectAccessible(page, "Standaarden");
  await screenshot(page, "standaarden");

  // dewi writes a draft.
  await page.getByRole("link", { name: "Nieuwe standaard schrijven" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Nieuwe standaard" })).toBeFocused();
  await page.getByLabel("Titel").fill("Scheid je petten");
  await page.getByLabel("Soort").selectOption({ label: "vuistregel" });
  await page.getByLabel("Hoe bindend").selectOption({ label: "zou moeten" });
  await page.locator("#standard-statement").fill("Gebruik wat je in de ene rol weet nooit zomaar in een andere rol.");
  await page.getByLabel("Waarom").fill("Wie je als wijkcoach iets vertelt, vertelt het niet aan de leerplichtambtenaar.");
  await page.getByLabel("Wetten").fill("AVG, Jeugdwet");
  await page.getByLabel("Thema's").fill("pettenvraagstuk");
  await page.getByLabel("D (uitvoeren)").check();
  await expect(page.locator("#standard-statement-status")).toHaveText("Geen persoonsgegevens gevonden.");
  await expectAccessible(page, "Nieuwe standaard");
  await screenshot(page, "standaard-nieuw");
  await page.getByRole("button", { name: "Concept opslaan" }).click();

  const title = page.getByRole("heading", { level: 1, name: "Scheid je petten" });
  await expect(title).toBeFocused();
  await expect(page.locator(".case-head .std-status")).toHaveText("concept");
  const address = new URL(page.url()).pathname;
  expect(address).toMatch(/^\/standaarden\/[a-z0-9]+$/);
  const name = `${community}/standards/${address.split("/").pop()}`;

  // An endorsement button is not offered on a draft; proposing opens it.
  await expect(page.getByRole("button", { name: "Ik steun deze standaard" })).toHaveCount(0);
  await page.getByRole("button", { name: "Voorleggen aan de leergemeenschap" }).click();
  await expect(page.locator(".case-head .std-status")).toHaveText("voorgesteld");
  await expect(page.locator(".quorum")).toContainText("0 van 3 gemeenten");

  // Three colleagues from three municipalities endorse it, each in her own browser.
  const endorsers = ["anna-zaanstad", "bram-enschede", "eva-amsterdam"];
  for (const [i, member] of endorsers.entries()) {
    const other = await newMember(browser, kompasd, member);
    await other.page.goto(address);
    await expect(other.page.getByRole("heading", { level: 1, name: "Scheid je petten" })).toBeVisible();
    // Professionals see no steward buttons.
    await expect(other.page.getByRole("button", { name: "Vaststellen" })).toHaveCount(0);
    await other.page.getByRole("button", { name: "Ik steun deze standaard" }).click();
    await expect(other.page.locator(".quorum")).toContainText(`${i + 1} van 3 gemeenten`);
    await expect(other.page.getByRole("button", { name: "Mijn steun intrekken" })).toBeVisible();
    if (i === 1) {
      await expectAccessible(other.page, "Standaard met steun");
      await screenshot(other.page, "standaard-steun");
      // With two of three, adopting is refused in Dutch with how much is missing.
      await page.reload();
      await page.getByRole("button", { name: "Vaststellen" }).click();
      await expect(page.getByRole("alert")).toContainText("Er is nog steun nodig van 1 gemeente");
      await expect(page.locator(".case-head .std-status")).toHaveText("voorgesteld");
    }
    await other.context.close();
  }

  await page.reload();
  await expect(page.locator(".quorum")).toContainText("3 van 3 gemeenten");
  await page.getByRole("button", { name: "Vaststellen" }).click();
  await expect(page.locator(".case-head .std-status")).toHaveText("vastgesteld");
  // The audience says whom it means, not only its letter.
  await expect(page.getByRole("definition").filter({ hasText: "D (uitvoeren)" })).toHaveText(
    "D (uitvoeren): professionals in de uitvoering",
  );
  await expectAccessible(page, "Vastgestelde standaard");
  await screenshot(page, "standaard-vastgesteld");

  // dewi publishes the next version of the kompas.
  await page.getByRole("navigation").getByRole("link", { name: "Het kompas" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Het kompas" })).toBeFocused();
  await expect(page.getByRole("link", { name: "Kompas v1" })).toBeVisible();
  await page.getByLabel("Toelichting bij deze versie").fill("Nieuw: de vuistregel over je petten.");
  await expect(page.locator("#release-notes-status")).toHaveText("Geen persoonsgegevens gevonden.");
  await expectAccessible(page, "Het kompas");
  await screenshot(page, "kompas-versies");
  await page.getByRole("button", { name: "Publiceer v2" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Kompas v2" })).toBeFocused();
  await expect(page).toHaveURL(/\/kompas\/2\?gepubliceerd$/);
  await expect(page.getByRole("status")).toHaveText("Kompas v2 is gepubliceerd. Deze versie ligt nu vast.");
  const diff = page.getByRole("region", { name: "Wat er veranderde van v1 naar v2" });
  await expect(diff.getByRole("heading", { name: "Nieuw (1)" })).toBeVisible();
  await expect(diff.locator(".diff-list.added")).toContainText("Scheid je petten");
  await expect(diff.locator(".diff-list.changed, .diff-list.removed")).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 3, name: "Vuistregels" })).toBeVisible();
  await expectAccessible(page, "Kompas v2");
  await screenshot(page, "kompas-v2");

  // The downloads are the bytes kompas-export writes for the same version.
  const formats = [
    ["Download als Markdown", "markdown"],
    ["Download als JSON", "json"],
    ["Download als CSV", "csv"],
  ] as const;
  for (const [button, format] of formats) {
    const browserBytes = await downloadBytes(page, button);
    const toolBytes = kompasExport(kompasd, 2, format);
    expect(browserBytes.toString("utf8"), `${format} export`).toBe(toolBytes.toString("utf8"));
    expect(browserBytes.equals(toolBytes), `${format} export, byte for byte`).toBe(true);
  }
  const markdown = kompasExport(kompasd, 2, "markdown").toString("utf8");
  expect(markdown).toContain("### Scheid je petten");
  expect(markdown).toContain(name);

  // The standard in the register: every municipality has no position on it yet.
  await page.getByRole("navigation").getByRole("link", { name: "Volg of leg uit" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Volg of leg uit" })).toBeFocused();
  await expect(page.locator(".register-table tbody tr")).toHaveCount(5);
});

test("awkward text survives the downloads byte for byte", async ({
  page,
  kompasd,
}) => {
  // Markdown and JSON escapes: a heading marker, a list marker, '<', quotes,
  // a backslash at a line end, a numbered line and a non-ASCII letter.
  const created = await createDraft(kompasd, {
    title: "Regel #1: \"petten\" <scheiden> #",
    kind: "STANDARD_KIND_GOOD_PRACTICE",
    modality: "MODALITY_MAY",
    statement: "# dit is geen kop\n- geen lijst\n1. geen nummer\\\nregel met \u00e9\u00e9n accent, en een komma\n\n> geen citaat",
    rationale: "Tabs\tblijven; <b>vet</b> niet.",
    laws: ["AVG", "Wet \"met\" komma, en meer"],
    themes: ["export"],
    audiences: ["AUDIENCE_A", "AUDIENCE_D"],
  });
  for (const member of ["anna-zaanstad", "bram-enschede", "eva-amsterdam"]) {
    if (member === "anna-zaanstad") {
      await call(kompasd, "dewi-westland", "StandardService/ProposeStandard", { name: created.name });
    }
    await call(kompasd, member, "StandardService/EndorseStandard", { name: created.name });
  }
  await call(kompasd, "dewi-westland", "StandardService/AdoptStandard", { name: created.name });
  await call(kompasd, "dewi-westland", "KompasService/PublishKompas", {
    parent: community,
    releaseNotes: "Een versie met lastige tekens: <, >, \"aanhalingstekens\" en een\nnieuwe regel.",
  });

  await signIn(page, kompasd, "export-bot");
  await page.goto("/kompas/2");
  await expect(page.getByRole("heading", { level: 1, name: "Kompas v2" })).toBeVisible();
  for (const [button, format] of [
    ["Download als Markdown", "markdown"],
    ["Download als JSON", "json"],
    ["Download als CSV", "csv"],
  ] as const) {
    const browserBytes = await downloadBytes(page, button);
    const toolBytes = kompasExport(kompasd, 2, format);
    expect(browserBytes.toString("utf8"), `${format} export`).toBe(toolBytes.toString("utf8"));
    expect(browserBytes.equals(toolBytes)).toBe(true);
  }
  // Version 1 too, and the exporter sees no steward or member buttons.
  await page.goto("/kompas/1");
  const v1 = await downloadBytes(page, "Download als JSON");
  expect(v1.equals(kompasExport(kompasd, 1, "json"))).toBe(true);
  await page.goto("/kompas");
  await expect(page.getByRole("button", { name: /Publiceer/ })).toHaveCount(0);
});

test("a deviation without an explanation is refused next to the field", async ({ page, kompasd }) => {
  // Westland (dewi, steward) has positions already; one review is overdue.
  const adopted = await call(kompasd, "dewi-westland", "StandardService/ListStandards", {
    parent: community,
    status: "STANDARD_STATUS_ADOPTED",
  });
  const stances = ["STANCE_FOLLOWS", "STANCE_FOLLOWS", "STANCE_NOT_APPLICABLE"];
  for (const [i, stance] of stances.entries()) {
    await call(kompasd, "dewi-westland", "StandardService/SetPosition", {
      position: {
        name: `${adopted.standards[i].name}/positions/GM1783`,
        stance,
        reviewOn: i === 0 ? { year: 2024, month: 1, day: 15 } : { year: 2030, month: 6, day: 1 },
      },
    });
  }

  // chris is Utrecht's privacy officer: she records Utrecht's positions.
  await signIn(page, kompasd, "chris-utrecht");
  await page.goto("/register");
  await expect(page.getByRole("heading", { level: 1, name: "Volg of leg uit" })).toBeFocused();
  const table = page.getByRole("table", { name: "Standpunten per gemeente, in aantallen standaarden" });
  await expect(table).toBeVisible();
  await expect(page.getByRole("img", { name: /Standpunten per gemeente/ })).toBeVisible();
  const westland = table.getByRole("row", { name: /Westland/ });
  await expect(westland.getByRole("cell")).toHaveText(["2", "0", "1", "1", "1"]);
  await expect(page.getByRole("region", { name: "Westland" }).locator(".overdue")).toHaveCount(1);
  await expectAccessible(page, "Volg of leg uit");
  await screenshot(page, "register");

  const form = page.getByRole("form", { name: "Standpunt van Utrecht vastleggen" });
  await form.getByLabel("Standaard", { exact: true }).selectOption({ label: "Geen brede toegang tot dossiers" });
  await form.getByLabel("wijkt af").check();
  await form.getByRole("button", { name: "Standpunt vastleggen" }).click();

  const field = form.locator(".field", { has: page.locator("#position-explanation") });
  await expect(field.locator(".field-error")).toHaveText(
    "Wijkt je gemeente af? Leg dan uit waarom: bij \u2018wijkt af\u2019 is de uitleg verplicht.",
  );
  await expect(page.locator("#position-explanation")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("alert")).toContainText("Niet alles is goed ingevuld");
  await expectAccessible(page, "Volg of leg uit, geweigerd");
  await screenshot(page, "register-geweigerd");

  // With the explanation it is recorded; the table and the list show it.
  await page
    .locator("#position-explanation")
    .fill("Utrecht werkt met een gedeeld dossier per wijkteam; toegang wordt per taak herzien.");
  await expect(page.locator("#position-explanation-status")).toHaveText("Geen persoonsgegevens gevonden.");
  await form.getByRole("button", { name: "Standpunt vastleggen" }).click();
  await expect(form.locator(".save-status")).toContainText("Vastgelegd: Utrecht wijkt af");
  await expect(field.locator(".field-error")).toHaveCount(0);
  const utrecht = table.getByRole("row", { name: /Utrecht/ });
  await expect(utrecht.getByRole("cell").nth(1)).toHaveText("1");
  await expect(page.getByRole("region", { name: "Utrecht" })).toContainText("Utrecht werkt met een gedeeld dossier");

  await screenshot(page, "register-vastgelegd");

  // A professional sees the register, but sets no position.
  const anna = await newMember(page.context().browser()!, kompasd, "anna-zaanstad");
  await anna.page.goto("/register");
  await expect(anna.page.getByRole("table")).toBeVisible();
  await expect(anna.page.getByRole("row", { name: /Utrecht/ }).getByRole("cell").nth(1)).toHaveText("1");
  await expect(anna.page.getByRole("button", { name: /Standpunt vastleggen/ })).toHaveCount(0);
  await anna.context.close();
});

test("a steward changes a draft's text; the revision shows what changed word by word", async ({
  page,
  kompasd,
}) => {
  const created = await createDraft(kompasd, {
    title: "Vraag eerst toestemming",
    kind: "STANDARD_KIND_MUST_DO",
    modality: "MODALITY_MUST",
    statement: "Vraag de inwoner om toestemming voordat je de school belt.",
  });
  await signIn(page, kompasd, "dewi-westland");
  await page.goto(`/standaarden/${created.name.split("/").pop()}`);
  await page.getByRole("button", { name: "Tekst wijzigen" }).click();
  await expect(page.getByLabel("Titel")).toBeFocused();
  await page.locator("#standard-statement").fill("Vraag de inwoner altijd om toestemming voordat je de school mailt.");
  await page.getByLabel("Wat verander je, en waarom?").fill("Scherper geformuleerd");
  await expect(page.locator("#standard-change-note-status")).toHaveText("Geen persoonsgegevens gevonden.");
  await page.getByRole("button", { name: "Wijziging opslaan" }).click();
  await expect(page.locator(".statement")).toHaveText(
    "Vraag de inwoner altijd om toestemming voordat je de school mailt.",
  );
  await expect(page.locator(".case-meta")).toContainText("revisie 2");
  await page.getByRole("button", { name: "Wat veranderde er na revisie 1?" }).click();
  await expect(page.locator(".word-diff ins").first()).toContainText("altijd");
  await expect(page.locator(".word-diff del").first()).toContainText("belt");
  await expectAccessible(page, "Standaard met revisies");
  await screenshot(page, "standaard-revisies");

  // An erratum on an adopted standard: a member reports, the steward improves it.
  const adopted = await call(kompasd, "dewi-westland", "StandardService/ListStandards", {
    parent: community,
    status: "STANDARD_STATUS_ADOPTED",
  });
  const target = adopted.standards[0];
  const other = await page.context().browser()!.newContext({ baseURL: kompasd.url });
  const anna = await other.newPage();
  await signIn(anna, kompasd, "anna-zaanstad");
  await anna.goto(`/standaarden/${target.name.split("/").pop()}`);
  await expect(anna.getByRole("button", { name: "Afwijzen…" })).toHaveCount(0);
  await anna.getByRole("button", { name: "Een fout melden…" }).click();
  await anna.getByLabel("Wat klopt er niet?").fill("In de tweede zin ontbreekt het woord 'niet'.");
  await expect(anna.locator("#erratum-description-status")).toHaveText("Geen persoonsgegevens gevonden.");
  await anna.getByRole("button", { name: "Melden", exact: true }).click();
  await expect(anna.locator(".errata")).toContainText("gemeld");
  await other.close();

  await page.goto(`/standaarden/${target.name.split("/").pop()}`);
  await page.getByRole("button", { name: "Verbeteren…" }).click();
  const statement = page.locator("#corrected-statement");
  await statement.fill(`${await statement.inputValue()} Ook niet achteraf.`);
  await expect(page.locator("#corrected-statement-status")).toHaveText("Geen persoonsgegevens gevonden.");
  await page.getByRole("button", { name: "Nieuwe revisie opslaan" }).click();
  await expect(page.locator(".errata")).toContainText("verwerkt");
  await expect(page.locator(".statement")).toContainText("Ook niet achteraf.");
  await expectAccessible(page, "Standaard met erratum");
  await screenshot(page, "standaard-erratum");
});

test("endorsing a standard and recording a position work with the keyboard alone", async ({
  page,
  kompasd,
}) => {
  const listed = await call(kompasd, "dewi-westland", "StandardService/ListStandards", {
    parent: community,
    status: "STANDARD_STATUS_PROPOSED",
  });
  const proposed = listed.standards[0];

  await signIn(page, kompasd, "bram-enschede");
  await page.goto("/");
  await tabTo(page, page.getByRole("navigation").getByRole("link", { name: "Standaarden" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Standaarden" })).toBeFocused();
  await tabTo(page, page.getByRole("link", { name: proposed.content.title }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: proposed.content.title })).toBeFocused();
  const endorse = page.getByRole("button", { name: "Ik steun deze standaard" });
  await tabTo(page, endorse);
  await page.keyboard.press("Enter");
  await expect(page.locator(".quorum")).toContainText("2 van 3 gemeenten");
  await expect(page.getByRole("status")).toContainText("Je steunt deze standaard.");
  const withdraw = page.getByRole("button", { name: "Mijn steun intrekken" });
  await expect(withdraw).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator(".quorum")).toContainText("1 van 3 gemeenten");
  await expect(page.getByRole("status")).toContainText("Je steun is ingetrokken.");

  // dewi records Westland's position by keyboard.
  await page.getByRole("button", { name: "Afmelden" }).click();
  await page.getByLabel("Persoonlijke code").fill(kompasd.token("dewi-westland"));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Afmelden" })).toBeVisible();
  await tabTo(page, page.getByRole("navigation").getByRole("link", { name: "Volg of leg uit" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Volg of leg uit" })).toBeFocused();
  const choose = page.getByRole("button", { name: "Standpunt vastleggen bij Alleen de kern in het dossier" });
  await tabTo(page, choose, 120);
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Standaard", { exact: true })).toBeFocused();
  await expect(page.getByLabel("Standaard", { exact: true })).toHaveValue(/standards\//);
  await tabTo(page, page.getByRole("radio", { name: /^volgt/ }));
  await page.keyboard.press("Space");
  await tabTo(page, page.getByRole("button", { name: "Standpunt vastleggen", exact: true }));
  await page.keyboard.press("Enter");
  await expect(page.locator(".position-form .save-status")).toContainText(
    "Vastgelegd: Westland volgt bij \u201cAlleen de kern in het dossier\u201d.",
  );
});

test("a steward rejects, retires and supersedes; the next version lists what fell away", async ({
  page,
  kompasd,
}) => {
  const draft = await createDraft(kompasd, {
    title: "Bel altijd eerst de huisarts",
    kind: "STANDARD_KIND_MUST_DO",
    modality: "MODALITY_MUST",
    statement: "Bel bij twijfel altijd eerst de huisarts.",
  });
  const adopted = (
    await call(kompasd, "dewi-westland", "StandardService/ListStandards", {
      parent: community,
      status: "STANDARD_STATUS_ADOPTED",
    })
  ).standards;
  const id = (name: string) => name.split("/").pop();

  await signIn(page, kompasd, "dewi-westland");
  // Rejecting asks for a reason; without one the server's refusal is next to the field.
  await page.goto(`/standaarden/${id(draft.name)}`);
  await page.getByRole("button", { name: "Afwijzen…" }).click();
  const reason = page.getByLabel("Waarom wijs je deze standaard af?");
  await expect(reason).toBeFocused();
  await page.getByRole("button", { name: "Afwijzen", exact: true }).click();
  await expect(page.locator(".field", { has: reason }).locator(".field-error")).toHaveText(
    "De reden is nog leeg: vul het in.",
  );
  await reason.fill("Te stellig: bellen is niet altijd nodig.");
  await expect(page.locator("#reason-status")).toHaveText("Geen persoonsgegevens gevonden.");
  await page.getByRole("button", { name: "Afwijzen", exact: true }).click();
  await expect(page.locator(".case-head .std-status")).toHaveText("afgewezen");
  await expect(page.locator(".notice", { hasText: "Afgewezen:" })).toContainText("Te stellig");

  // Retiring an adopted standard.
  await page.goto(`/standaarden/${id(adopted[0].name)}`);
  await page.getByRole("button", { name: "Intrekken…" }).click();
  await page.getByLabel("Waarom trek je deze standaard in?").fill("Opgenomen in de landelijke richtlijn.");
  await expect(page.locator("#reason-status")).toHaveText("Geen persoonsgegevens gevonden.");
  await page.getByRole("button", { name: "Intrekken", exact: true }).click();
  await expect(page.locator(".case-head .std-status")).toHaveText("ingetrokken");

  // Superseding one adopted standard by another.
  await page.goto(`/standaarden/${id(adopted[1].name)}`);
  await page.getByRole("button", { name: "Vervangen door een andere standaard…" }).click();
  await page.getByLabel("De nieuwe standaard").selectOption({ label: adopted[2].content.title });
  await expectAccessible(page, "Standaard vervangen");
  await page.getByRole("button", { name: "Vervangen", exact: true }).click();
  await expect(page.locator(".case-head .std-status")).toHaveText("vervangen");
  await page.getByRole("link", { name: "een nieuwere standaard" }).click();
  await expect(page.getByRole("heading", { level: 1, name: adopted[2].content.title })).toBeFocused();

  // The list by status; then v2 without the two.
  await page.goto("/standaarden");
  await page.getByLabel("Status").selectOption({ label: "afgewezen" });
  await page.getByRole("button", { name: "Filteren" }).click();
  await expect(page.locator(".case-row")).toHaveCount(1);
  await expect(page.locator(".case-row")).toContainText("Bel altijd eerst de huisarts");

  await page.goto("/kompas");
  await page.getByLabel("Toelichting bij deze versie").fill("Twee standaarden vervallen.");
  await expect(page.locator("#release-notes-status")).toHaveText("Geen persoonsgegevens gevonden.");
  await page.getByRole("button", { name: "Publiceer v2" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Kompas v2" })).toBeFocused();
  await expect(page.getByRole("heading", { name: "Vervallen (2)" })).toBeVisible();
  await expect(page.locator(".diff-list.removed")).toContainText(adopted[0].content.title);

  // Nothing changed since v2: publishing again is refused in Dutch.
  await page.goto("/kompas");
  await page.getByLabel("Toelichting bij deze versie").fill("Nog een keer.");
  await expect(page.locator("#release-notes-status")).toHaveText("Geen persoonsgegevens gevonden.");
  await page.getByRole("button", { name: "Publiceer v3" }).click();
  await expect(page.getByRole("alert")).toHaveText("Er is niets veranderd sinds de laatste versie van het kompas.");
});

test("a standard grows from an intervisie's conclusion and names its sources", async ({ page, kompasd }) => {
  const sessions = await call(kompasd, "bram-enschede", "SessionService/ListSessions", { parent: community });
  const session = sessions.sessions[0];
  // bram moves the session on to its conclusion phase.
  for (let phase = session.phase; !phase.recordsConclusions; ) {
    phase = (await call(kompasd, "bram-enschede", "SessionService/AdvancePhase", { name: session.name })).phase;
  }
  const conclusion = await call(kompasd, "bram-enschede", "SessionService/AddConclusion", {
    parent: session.name,
    conclusion: { text: "Deel een dossier alleen met de schuldhulp als de inwoner weet wat je deelt." },
  });
  const sessionId = session.name.split("/").pop();

  await signIn(page, kompasd, "dewi-westland");
  await page.goto(`/standaarden/nieuw?intervisie=${sessionId}&conclusie=${conclusion.id}`);
  await expect(page.locator(".notice")).toContainText(`conclusie ${conclusion.id} van de intervisie`);
  await expect(page.locator("#standard-statement")).toHaveValue(conclusion.text);
  await page.getByLabel("Titel").fill("Delen met de schuldhulp");
  await expect(page.locator("#standard-title-status")).toHaveText("Geen persoonsgegevens gevonden.");
  await expect(page.locator("#standard-statement-status")).toHaveText("Geen persoonsgegevens gevonden.");
  await page.getByRole("button", { name: "Concept opslaan" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Delen met de schuldhulp" })).toBeFocused();

  const sources = page.getByRole("region", { name: "Waar deze standaard uit voortkomt" });
  await expect(sources.getByRole("link")).toHaveCount(2);
  await expect(sources).toContainText(`Conclusie ${conclusion.id} van die intervisie`);
  await expect(sources.getByRole("link").first()).toHaveAttribute("href", session.case.replace(/^.*\/cases\//, "/casus/"));
  await expect(sources.getByRole("link").nth(1)).toHaveAttribute("href", `/intervisie/${sessionId}`);
  await expectAccessible(page, "Standaard uit een intervisie");
  await screenshot(page, "standaard-uit-intervisie");
  await sources.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/casus\//);
});
