/// Which subject the physiological fNIRS simulator (`PhysiologySimulator`) plays.
///
/// Both profiles respond alike at rest and in slow (paced) blocks; they differ only in fast blocks,
/// the condition where Gentile et al. 2019 (Pain Res Treat 2019:2623161) found lower motor-cortex
/// HbO in fibromyalgia than in controls (SCIENCE.md §1). Noise draws do not depend on the profile,
/// so the two profiles of one seed give identical samples except where a fast block's response fades.
public enum SimulationProfile: String, CaseIterable, Sendable, Codable {
    /// A sustained response: the neural drive holds for the whole tapping block.
    case healthy
    /// In fast blocks the drive decays after ≈ 8 s, so HbO peaks ≈ 11 s in and ends the 30 s block
    /// at ≈ 45 % of its peak (a choice shaped after Gentile 2019's lower fast-block HbO in
    /// fibromyalgia; the paper gives no time course). Slow blocks are unchanged.
    case fading
}
