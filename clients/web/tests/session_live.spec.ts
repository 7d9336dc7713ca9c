// Intervisie live in two browsers: the facilitator starts a session and
// moves its phases; the participant's page follows without reloading, offers
// only what the phase accepts, and the server refuses a forged call.
import { test, expect, newMember, expectAccessible, screenshot, call } from "./kompasd";

test("a facilitator leads, a participant follows live", async ({ browser, kompasd }) => {
  const list = await call(kompasd, "bram-enschede", "CaseService/ListCases", {
    parent: "communities/wijkteams",
    status: "CASE_STATUS_OPEN",
  });
  const item = list.cases[0];
  const caseId = item.name.split("/").pop();

  const bram = await newMember(browser, kompasd, "bram-enschede");
  await bram.page.goto(`/casus/${caseId}`);
  await bram.page.getByLabel("Methode").selectOption("incident");
  await bram.page.getByRole("button", { name: "Start de intervisie" }).click();
  await expect(bram.page).toHaveURL(/\/intervisie\/[^/]+$/);
  await expect(bram.page.getByRole("status")).toHaveText("verbonden");
  const sessionUrl = bram.page.url();
  const firstPhase = await bram.page.locator("#phase-title").innerText();

  const eva = await newMember(browser, kompasd, "eva-amsterdam");
  await eva.page.goto(`/casus/${caseId}`);
  await eva.page.getByRole("link", { name: "Naar de intervisie" }).click();
  await expect(eva.page).toHaveURL(sessionUrl);
  await expect(eva.page.locator("#phase-title")).toHaveText(firstPhase);
  await eva.page.getByRole("button", { name: "Doe mee" }).click();
  await expect(bram.page.getByRole("heading", { name: "Deelnemers (2)" })).toBeVisible();

  // The facilitator moves on; her page follows without a reload.
  await bram.page.getByRole("button", { name: "Volgende fase" }).click();
  await expect(eva.page.locator("#phase-title")).toHaveText("Verhelderende vragen");
  await expect(eva.page.getByText("In de fase Verhelderende vragen geef je alleen: vraag.")).toBeVisible();
  const composer = eva.page.getByRole("form", { name: "Jouw inbreng" });
  await expect(composer.getByRole("radio")).toHaveCount(1);
  await expect(composer.getByRole("radio", { name: /advies/ })).toHaveCount(0);
  await expectAccessible(eva.page, "Intervisie (deelnemer)");
  await screenshot(eva.page, "10-intervisie-deelnemer");

  // Advice through the API, around the page: the server refuses it.
  await expect(
    call(kompasd, "eva-amsterdam", "CaseService/CreateReflection", {
      parent: item.name,
      reflection: { kind: "REFLECTION_KIND_ADVICE", text: "Ik zou het gewoon doen." },
    }),
  ).rejects.toThrow(/failed_precondition/);

  // Her question reaches the facilitator live.
  await composer.getByLabel("Je inbreng").fill("Weet de ouder dat de school het vraagt?");
  await composer.getByRole("button", { name: "Inbreng plaatsen" }).click();
  await expect(bram.page.locator(".reflection")).toContainText("Weet de ouder dat de school het vraagt?");
  await expect(eva.page.locator(".reflection")).toHaveCount(1);
  await screenshot(bram.page, "11-intervisie-gespreksleider");

  // A reload shows every event once.
  await eva.page.reload();
  await expect(eva.page.locator("#phase-title")).toHaveText("Verhelderende vragen");
  await expect(eva.page.locator(".reflection")).toHaveCount(1);

  await bram.page.getByRole("button", { name: "Sessie sluiten" }).click();
  await expect(eva.page.getByText("gesloten", { exact: true })).toBeVisible();
  await bram.context.close();
  await eva.context.close();
});
