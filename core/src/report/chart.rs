//! [`IndicatorChart`]: one indicator's values against its targets, drawn as inline SVG
//! with plotters.
//!
//! Only what draws the same everywhere is used: lines, points, the mesh and the labels of
//! the left and bottom axes, whose places plotters computes without measuring text (no
//! caption, no legend, no right axis: those measure text, which the WebAssembly build
//! would do through the browser). The legend is written in HTML beside the picture.

use super::page::figure;
use plotters::prelude::*;

/// Width and height of a chart, in pixels (CSS pixels when printed).
const SIZE: (u32, u32) = (560, 180);

/// The largest magnitude charted.
const LIMIT: f64 = 1e12;

/// The colour of the actual values.
pub(crate) const ACTUAL: RGBColor = RGBColor(31, 90, 166);
/// The colour of the targets.
pub(crate) const TARGET: RGBColor = RGBColor(200, 110, 0);

/// The points of one indicator's chart: per period of its frequency, in order, the
/// period id, the value compared with the target when one is known, and the target when
/// there is one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndicatorChart {
    /// Per period: its id, the actual, the target.
    pub points: Vec<(String, Option<f64>, Option<f64>)>,
}

/// A CSS colour from a plotters colour.
pub(crate) fn css(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

impl IndicatorChart {
    /// The chart as an `<svg>` element, or why it could not be drawn.
    pub fn svg(&self) -> Result<String, String> {
        let mut svg = String::new();
        self.draw(&mut svg).map_err(|e| e.to_string())?;
        Ok(svg)
    }

    fn draw(&self, svg: &mut String) -> Result<(), Box<dyn std::error::Error + '_>> {
        let n = self.points.len();
        let values = self
            .points
            .iter()
            .flat_map(|(_, a, t)| a.iter().chain(t).copied())
            .filter(|v| v.is_finite());
        let (lo, hi) = values.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        // plotters computes its ticks in f64 and i32: keep the range where they are exact.
        if !(lo > -LIMIT && hi < LIMIT) {
            return Err(format!("values beyond {LIMIT:e} cannot be charted").into());
        }
        let hi = if hi - lo < 1e-6 {
            lo + 1.0
        } else {
            hi + (hi - lo) * 0.08
        };
        let root = SVGBackend::with_string(svg, SIZE).into_drawing_area();
        root.fill(&WHITE)?;
        let last = i32::try_from(n.saturating_sub(1))
            .unwrap_or(i32::MAX)
            .max(1);
        let mut chart = ChartBuilder::on(&root)
            .margin(8)
            .x_label_area_size(22)
            .y_label_area_size(48)
            .build_cartesian_2d(0i32..last, lo..hi)?;
        let label = |x: &i32| {
            usize::try_from(*x)
                .ok()
                .and_then(|i| self.points.get(i))
                .map(|p| p.0.clone())
                .unwrap_or_default()
        };
        let x_labels = n.clamp(1, 8);
        chart
            .configure_mesh()
            .x_labels(x_labels)
            .y_labels(5)
            .x_label_formatter(&label)
            .y_label_formatter(&|y| figure(*y))
            .light_line_style(TRANSPARENT)
            .bold_line_style(RGBColor(225, 225, 225))
            .label_style(("sans-serif", 11))
            .draw()?;
        let at = |i: usize| i32::try_from(i).unwrap_or(i32::MAX);
        let targets: Vec<(i32, f64)> = self
            .points
            .iter()
            .enumerate()
            .filter_map(|(i, (_, _, t))| t.map(|t| (at(i), t)))
            .collect();
        chart.draw_series(LineSeries::new(
            targets.iter().copied(),
            TARGET.stroke_width(2),
        ))?;
        chart.draw_series(
            targets
                .iter()
                .map(|&(x, y)| Circle::new((x, y), 3, TARGET.filled())),
        )?;
        let actuals: Vec<(i32, f64)> = self
            .points
            .iter()
            .enumerate()
            .filter_map(|(i, (_, a, _))| a.map(|a| (at(i), a)))
            .collect();
        chart.draw_series(LineSeries::new(
            actuals.iter().copied(),
            ACTUAL.stroke_width(2),
        ))?;
        chart.draw_series(
            actuals
                .iter()
                .map(|&(x, y)| Circle::new((x, y), 3, ACTUAL.filled())),
        )?;
        root.present()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_lines_points_and_labels() {
        let chart = IndicatorChart {
            points: vec![
                ("2021Q1".into(), Some(10.0), Some(12.0)),
                ("2021Q2".into(), Some(14.0), Some(13.0)),
                ("2021Q3".into(), Some(9.0), None),
                ("2021Q4".into(), None, None),
            ],
        };
        let svg = chart.svg().expect("drawn");
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("2021Q2"));
        assert!(svg.contains("<polyline"));
        assert_eq!(svg.matches("<circle").count(), 5);
        // Drawing twice gives the same picture.
        assert_eq!(chart.svg().expect("drawn"), svg);
        // One point, or none, still draws.
        let one = IndicatorChart {
            points: vec![("2021".into(), Some(0.0), None)],
        };
        assert!(one.svg().expect("drawn").starts_with("<svg"));
        assert!(IndicatorChart::default()
            .svg()
            .expect("drawn")
            .starts_with("<svg"));
        // Extreme figures are drawn or refused, never a panic.
        for (a, t) in [
            (1e11, -1e11),
            (1e-300, 0.0),
            (-5e11, -5e11 + 1e-3),
            (1e13, 0.0),
            (f64::MAX, 1.0),
        ] {
            let c = IndicatorChart {
                points: vec![
                    ("2021Q1".into(), Some(a), Some(t)),
                    ("2021Q2".into(), Some(t), None),
                ],
            };
            let _ = c.svg();
        }
        let many = IndicatorChart {
            points: (0..400)
                .map(|i| (format!("p{i}"), Some(f64::from(i)), None))
                .collect(),
        };
        assert!(many.svg().expect("drawn").contains("p0"));
    }
}
