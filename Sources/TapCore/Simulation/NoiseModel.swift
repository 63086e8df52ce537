/// Which background physiology and noise the simulator (`PhysiologySimulator`) draws.
///
/// Both models have the same parts — tissue background, heart beat, breathing, Mayer waves, slow
/// drift, instrument noise — and the same channel qualities; they differ in the background's
/// spectrum and in every size. See docs/simulator.md, "Noise models".
public enum NoiseModel: String, CaseIterable, Sendable, Codable {
    /// The NIRS Brain AnalyzIR toolbox's structure (AR(10) background, inter-channel correlation
    /// 0.33) with SCIENCE.md §4's sizes [choice]: 0.1 µM background, 0.3 µM Mayer waves. Quiet —
    /// about 20× smaller 4 s changes than a real head at rest. The default, unchanged since the
    /// simulator was written, so old seeds give the same samples.
    case textbook
    /// Calibrated to the motion-free resting stretches of a real recording (`neuro_run01.snirf`,
    /// `scripts/real-noise.py --calibrate`): a 1/f^β background (β ≈ 2.5 above ≈ 0.04 Hz) of
    /// ≈ 0.9 µM in 0.01–0.2 Hz, 70 % shared between channels, HbR ≈ −0.77-correlated with HbO at
    /// 0.44 × its size, channel levels spread lognormally (`MeasuredNoise`).
    case measured
}
