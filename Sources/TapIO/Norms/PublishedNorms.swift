/// The published norms shipped with tapnirs (docs/clinical.md, "Published norms shipped"), in
/// the norms file format: compiled in, so the binary needs no resource folder beside it (a copied
/// or installed tapnirs had none, and compared with nothing) and reads them without Foundation's
/// bundle lookup, which listed the executable's folder at every start.
enum PublishedNorms {
    static let json = #"""
{
  "name" : "published",
  "description" : "Published healthy values tapnirs could read and cite (docs/clinical.md). Each row: measure, block label (* = any), pace (self = as fast as you can), hand, sex (absent = both), age band, mean, SD, n, apparatus, source, evidence (paper = read in the paper; paper (abstract) = read in its abstract only; secondary = read only in a summary of it).",
  "norms" : [
    {
      "measure" : "decline", "label" : "*", "pace" : "self", "hand" : "any", "age_min" : 18, "age_max" : 30,
      "mean" : 0.170, "sd" : 0.069, "n" : 194,
      "apparatus" : "smartphone app, tapping at maximal speed (not a key): indicative for a keyboard",
      "source" : "Heimhofer et al. 2024, Front Hum Neurosci 18:1427336, doi:10.3389/fnhum.2024.1427336",
      "evidence" : "paper (abstract)", "whole_trial" : true
    },
    {
      "measure" : "decline", "label" : "*", "pace" : "self", "hand" : "any", "age_min" : 50, "age_max" : 70,
      "mean" : 0.165, "sd" : 0.075, "n" : 176,
      "apparatus" : "smartphone app, tapping at maximal speed (not a key): indicative for a keyboard",
      "source" : "Heimhofer et al. 2024, Front Hum Neurosci 18:1427336, doi:10.3389/fnhum.2024.1427336",
      "evidence" : "paper (abstract)", "whole_trial" : true
    }
  ],
  "not_included" : [
    "Ruff & Parker 1993 (Percept Mot Skills 76:1219-1230, doi:10.2466/pms.1993.76.3c.1219): Finger Tapping Test norms from 360 healthy adults stratified by sex, three education groups (7-22 years of schooling) and four age groups from 16 to 70 [paper, abstract]. Their tables of means and SDs could not be read from any source available to tapnirs, so no FTT row is shipped: a z-score against a figure nobody could check would mislead. Add the rows from the paper (measure ftt_score, hand dominant/nondominant, sex, age band) or build local norms with tapnirs norms build.",
    "Moniz et al. 2016 (Rev Eur Stud 8(4):1, doi:10.5539/res.v8n4p1): a computerised (PEBL) keyboard FTT in 51 healthy controls (29 women, 22 men, mean age 44.5 +/- 15.6) [paper, abstract]: its tables could not be read."
  ]
}
"""#
}
