export const GROUPS = {
  NEWSLETTER: "grp-newsletter",
};
