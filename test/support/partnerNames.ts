/** Display names with every character class people put in partner names that a URL treats specially. */
export const PARTNER_NAMES: readonly string[] = [
  "Smith & Sons",
  "Partner #1",
  "C++ Guild",
  "100% Partners",
  "Percent %41 Co",
  "O'Brien Ltd",
  'The "Quoted" Co',
  "Fabrikam/EMEA",
  "Who? Corp",
  "A=B Partners",
  "Northwind  Traders  Europe",
  "Zürich Straße Ünïcode",
  "北京合作伙伴",
  "Rocket 🚀 Partners",
];
