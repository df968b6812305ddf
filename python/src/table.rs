//! Tables crossing into and out of Python through Arrow's C stream interface
//! (the `__arrow_c_stream__` protocol that pyarrow, polars and pandas ≥ 2.2
//! speak): numbers, dates and text arrive without a copy and are read by the
//! store's frame reader, with the same column matching and row checks as a
//! file; results leave as Arrow arrays any of them can take.

use hpi_usecases::model::{Frame, ImportKind, Table as ResultTable, Values};
use hpi_usecases::ReadOptions;
use polars::prelude::{Column, DataFrame, DataType, PlSmallStr, Series};
use polars_arrow::array::{Array, PrimitiveArray, StructArray, Utf8Array};
use polars_arrow::datatypes::{ArrowDataType, Field};
use polars_arrow::ffi::{export_iterator, ArrowArrayStream, ArrowArrayStreamReader};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyCapsuleMethods, PyDict, PyList};

const STREAM: &std::ffi::CStr = c"arrow_array_stream";

/// Reads the Arrow stream in `capsule` as a table of `kind` named `name`:
/// only the columns the read uses are taken (the others may be of any type).
pub fn frame(
    capsule: &Bound<'_, PyCapsule>,
    name: &str,
    kind: ImportKind,
    options: &ReadOptions,
) -> Result<Frame, String> {
    let pointer = capsule.pointer_checked(Some(STREAM)).map_err(|e| format!("not an Arrow stream ({e})"))?;
    // SAFETY: a capsule named "arrow_array_stream" holds an ArrowArrayStream (the
    // PyCapsule interface). Moving it out and leaving a released one behind is how a
    // consumer takes ownership: the capsule's destructor then has nothing to release.
    let stream = unsafe { std::ptr::replace(pointer.as_ptr().cast::<ArrowArrayStream>(), ArrowArrayStream::empty()) };
    // SAFETY: the producer follows the C stream interface.
    let mut reader = unsafe { ArrowArrayStreamReader::try_new(Box::new(stream)) }.map_err(|e| e.to_string())?;
    let ArrowDataType::Struct(fields) = reader.field().dtype.to_logical_type().clone() else {
        return Err("the stream's rows are not records of columns".into());
    };
    let names: Vec<String> = fields.iter().map(|f| f.name.to_string()).collect();
    let Some(found) = hpi_usecases::find_columns(kind, &names, options) else {
        // A required column is missing: the read says so, naming the columns there are.
        let columns = fields.iter().map(|f| Column::full_null(f.name.clone(), 0, &DataType::String)).collect();
        return Ok(Frame { name: name.to_owned(), data: DataFrame::new(columns).map_err(|e| e.to_string())? });
    };
    let mut used: Vec<usize> = found.into_iter().map(|(_, at)| at).collect();
    used.sort_unstable();
    used.dedup();
    let mut chunks: Vec<Vec<Box<dyn Array>>> = vec![Vec::new(); used.len()];
    // SAFETY: as above.
    while let Some(array) = unsafe { reader.next() } {
        let array = array.map_err(|e| e.to_string())?;
        let records =
            array.as_any().downcast_ref::<StructArray>().ok_or("a chunk of the stream is not a record batch")?;
        for (column, k) in chunks.iter_mut().zip(&used) {
            let values = records.values().get(*k).ok_or("a chunk of the stream has fewer columns than its schema")?;
            column.push(values.clone());
        }
    }
    let mut columns = Vec::with_capacity(used.len());
    for (k, mut arrays) in used.iter().zip(chunks) {
        let name = fields[*k].name.clone();
        if arrays.is_empty() {
            arrays.push(polars_arrow::array::new_empty_array(fields[*k].dtype.clone()));
        }
        let series = Series::from_arrow_chunks(name.clone(), arrays)
            .map_err(|e| format!("column '{name}' cannot be read ({e})"))?;
        columns.push(Column::from(series));
    }
    let data = DataFrame::new(columns).map_err(|e| e.to_string())?;
    Ok(Frame { name: name.to_owned(), data })
}

/// Where a read of a `kind` table (`transactions`, `tracts`, …) with
/// `header` finds each column: `{engine name: header name}`, or `None` when
/// a required one is missing. `columns` maps as `calculate`'s keyword does.
#[pyfunction]
pub fn find_columns(
    py: Python<'_>,
    kind: &str,
    header: Vec<String>,
    columns: Vec<(String, String)>,
) -> PyResult<Option<std::collections::HashMap<String, String>>> {
    let kind: ImportKind = serde_json::from_value(serde_json::Value::String(kind.to_owned()))
        .map_err(|e| crate::errors::invalid(py, "the kind of table", e))?;
    let request = hpi_usecases::ReadRequest { columns, ..Default::default() };
    let options = request.options(false).map_err(|e| crate::errors::from_usecase(py, e))?;
    let found = hpi_usecases::find_columns(kind, &header, &options);
    Ok(found.map(|f| f.into_iter().map(|(name, at)| (name.to_owned(), header[at].clone())).collect()))
}

/// A result table (index, tract panel, evaluation): Arrow columns of text or
/// numbers. `__arrow_c_stream__` hands them to pyarrow, polars or pandas.
#[pyclass(frozen, module = "hpi_studio._native")]
pub struct Table {
    names: Vec<String>,
    arrays: Vec<Box<dyn Array>>,
    rows: usize,
}

impl Table {
    /// The Arrow form of a use case's table.
    pub fn new(table: &ResultTable) -> Table {
        let arrays = table
            .columns
            .iter()
            .map(|(_, values)| match values {
                Values::Text(v) => Utf8Array::<i64>::from_iter(v.iter().map(|s| s.as_deref())).boxed(),
                Values::Number(v) => PrimitiveArray::<f64>::from(v.as_slice()).boxed(),
            })
            .collect();
        Table { names: table.columns.iter().map(|(n, _)| (*n).to_owned()).collect(), arrays, rows: table.rows() }
    }

    fn fields(&self) -> Vec<Field> {
        self.names
            .iter()
            .zip(&self.arrays)
            .map(|(n, a)| Field::new(PlSmallStr::from(n.as_str()), a.dtype().clone(), true))
            .collect()
    }
}

#[pymethods]
impl Table {
    /// The table as an Arrow C stream (the PyCapsule interface).
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        // The schema a consumer asks for is a wish the protocol lets a producer ignore:
        // the columns are text and float64 already.
        drop(requested_schema);
        let fields = self.fields();
        let dtype = ArrowDataType::Struct(fields);
        let batch = StructArray::new(dtype.clone(), self.rows, self.arrays.clone(), None).boxed();
        let stream = export_iterator(Box::new(std::iter::once(Ok(batch))), Field::new(PlSmallStr::EMPTY, dtype, false));
        PyCapsule::new_with_value(py, stream, STREAM)
    }

    /// The column names.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.names.clone()
    }

    /// The number of rows.
    #[getter]
    fn num_rows(&self) -> usize {
        self.rows
    }

    fn __len__(&self) -> usize {
        self.rows
    }

    /// The columns as Python lists (`None` for an empty cell), by name.
    fn to_pydict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        for (name, array) in self.names.iter().zip(&self.arrays) {
            let list = if let Some(text) = array.as_any().downcast_ref::<Utf8Array<i64>>() {
                PyList::new(py, text.iter())?
            } else if let Some(numbers) = array.as_any().downcast_ref::<PrimitiveArray<f64>>() {
                PyList::new(py, numbers.iter().map(|v| v.copied()))?
            } else {
                unreachable!("result tables hold text or numbers")
            };
            out.set_item(name, list)?;
        }
        Ok(out)
    }
}
