; ebpy map storage, generated from maps.c by `python -m ebpy.maps.native.build`; do not edit.
; source-sha256: 396552fcbc6d9ac0d072b0baf56082c81a4a548a4c8d2ed43a3a970432fb7672
; clang: 22.1.8
%struct.ebpy_map = type { i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64 }

; Function Attrs: nofree norecurse nosync nounwind memory(argmem: read)
define dso_local i32 @ebpy_jhash(ptr noundef readonly captures(none) %0, i32 noundef %1, i32 noundef %2) local_unnamed_addr #0 {
  %4 = add i32 %1, -559038737
  %5 = add i32 %4, %2
  %6 = icmp ugt i32 %1, 12
  br i1 %6, label %7, label %48

7:                                                ; preds = %3, %7
  %8 = phi i32 [ %43, %7 ], [ %5, %3 ]
  %9 = phi i32 [ %44, %7 ], [ %5, %3 ]
  %10 = phi i32 [ %40, %7 ], [ %5, %3 ]
  %11 = phi ptr [ %46, %7 ], [ %0, %3 ]
  %12 = phi i32 [ %45, %7 ], [ %1, %3 ]
  %13 = load i32, ptr %11, align 1
  %14 = add i32 %13, %10
  %15 = getelementptr inbounds nuw i8, ptr %11, i64 4
  %16 = load i32, ptr %15, align 1
  %17 = add i32 %16, %9
  %18 = getelementptr inbounds nuw i8, ptr %11, i64 8
  %19 = load i32, ptr %18, align 1
  %20 = add i32 %19, %8
  %21 = sub i32 %14, %20
  %22 = tail call noundef i32 @llvm.fshl.i32(i32 %20, i32 %20, i32 4)
  %23 = xor i32 %21, %22
  %24 = add i32 %20, %17
  %25 = sub i32 %17, %23
  %26 = tail call noundef i32 @llvm.fshl.i32(i32 %23, i32 %23, i32 6)
  %27 = xor i32 %25, %26
  %28 = add i32 %23, %24
  %29 = sub i32 %24, %27
  %30 = tail call noundef i32 @llvm.fshl.i32(i32 %27, i32 %27, i32 8)
  %31 = xor i32 %29, %30
  %32 = add i32 %27, %28
  %33 = sub i32 %28, %31
  %34 = tail call noundef i32 @llvm.fshl.i32(i32 %31, i32 %31, i32 16)
  %35 = xor i32 %33, %34
  %36 = add i32 %31, %32
  %37 = sub i32 %32, %35
  %38 = tail call noundef i32 @llvm.fshl.i32(i32 %35, i32 %35, i32 19)
  %39 = xor i32 %37, %38
  %40 = add i32 %35, %36
  %41 = sub i32 %36, %39
  %42 = tail call noundef i32 @llvm.fshl.i32(i32 %39, i32 %39, i32 4)
  %43 = xor i32 %41, %42
  %44 = add i32 %39, %40
  %45 = add i32 %12, -12
  %46 = getelementptr inbounds nuw i8, ptr %11, i64 12
  %47 = icmp ugt i32 %45, 12
  br i1 %47, label %7, label %48, !llvm.loop !8

48:                                               ; preds = %7, %3
  %49 = phi i32 [ %1, %3 ], [ %45, %7 ]
  %50 = phi ptr [ %0, %3 ], [ %46, %7 ]
  %51 = phi i32 [ %5, %3 ], [ %40, %7 ]
  %52 = phi i32 [ %5, %3 ], [ %44, %7 ]
  %53 = phi i32 [ %5, %3 ], [ %43, %7 ]
  switch i32 %49, label %164 [
    i32 12, label %54
    i32 11, label %60
    i32 10, label %67
    i32 9, label %74
    i32 8, label %80
    i32 7, label %87
    i32 6, label %95
    i32 5, label %103
    i32 4, label %110
    i32 3, label %118
    i32 2, label %127
    i32 1, label %136
  ]

54:                                               ; preds = %48
  %55 = getelementptr inbounds nuw i8, ptr %50, i64 11
  %56 = load i8, ptr %55, align 1, !tbaa !10
  %57 = zext i8 %56 to i32
  %58 = shl nuw i32 %57, 24
  %59 = add i32 %58, %53
  br label %60

60:                                               ; preds = %48, %54
  %61 = phi i32 [ %59, %54 ], [ %53, %48 ]
  %62 = getelementptr inbounds nuw i8, ptr %50, i64 10
  %63 = load i8, ptr %62, align 1, !tbaa !10
  %64 = zext i8 %63 to i32
  %65 = shl nuw nsw i32 %64, 16
  %66 = add i32 %65, %61
  br label %67

67:                                               ; preds = %48, %60
  %68 = phi i32 [ %66, %60 ], [ %53, %48 ]
  %69 = getelementptr inbounds nuw i8, ptr %50, i64 9
  %70 = load i8, ptr %69, align 1, !tbaa !10
  %71 = zext i8 %70 to i32
  %72 = shl nuw nsw i32 %71, 8
  %73 = add i32 %72, %68
  br label %74

74:                                               ; preds = %48, %67
  %75 = phi i32 [ %73, %67 ], [ %53, %48 ]
  %76 = getelementptr inbounds nuw i8, ptr %50, i64 8
  %77 = load i8, ptr %76, align 1, !tbaa !10
  %78 = zext i8 %77 to i32
  %79 = add i32 %75, %78
  br label %80

80:                                               ; preds = %48, %74
  %81 = phi i32 [ %79, %74 ], [ %53, %48 ]
  %82 = getelementptr inbounds nuw i8, ptr %50, i64 7
  %83 = load i8, ptr %82, align 1, !tbaa !10
  %84 = zext i8 %83 to i32
  %85 = shl nuw i32 %84, 24
  %86 = add i32 %85, %52
  br label %87

87:                                               ; preds = %48, %80
  %88 = phi i32 [ %86, %80 ], [ %52, %48 ]
  %89 = phi i32 [ %81, %80 ], [ %53, %48 ]
  %90 = getelementptr inbounds nuw i8, ptr %50, i64 6
  %91 = load i8, ptr %90, align 1, !tbaa !10
  %92 = zext i8 %91 to i32
  %93 = shl nuw nsw i32 %92, 16
  %94 = add i32 %93, %88
  br label %95

95:                                               ; preds = %48, %87
  %96 = phi i32 [ %94, %87 ], [ %52, %48 ]
  %97 = phi i32 [ %89, %87 ], [ %53, %48 ]
  %98 = getelementptr inbounds nuw i8, ptr %50, i64 5
  %99 = load i8, ptr %98, align 1, !tbaa !10
  %100 = zext i8 %99 to i32
  %101 = shl nuw nsw i32 %100, 8
  %102 = add i32 %101, %96
  br label %103

103:                                              ; preds = %48, %95
  %104 = phi i32 [ %102, %95 ], [ %52, %48 ]
  %105 = phi i32 [ %97, %95 ], [ %53, %48 ]
  %106 = getelementptr inbounds nuw i8, ptr %50, i64 4
  %107 = load i8, ptr %106, align 1, !tbaa !10
  %108 = zext i8 %107 to i32
  %109 = add i32 %104, %108
  br label %110

110:                                              ; preds = %48, %103
  %111 = phi i32 [ %109, %103 ], [ %52, %48 ]
  %112 = phi i32 [ %105, %103 ], [ %53, %48 ]
  %113 = getelementptr inbounds nuw i8, ptr %50, i64 3
  %114 = load i8, ptr %113, align 1, !tbaa !10
  %115 = zext i8 %114 to i32
  %116 = shl nuw i32 %115, 24
  %117 = add i32 %116, %51
  br label %118

118:                                              ; preds = %48, %110
  %119 = phi i32 [ %117, %110 ], [ %51, %48 ]
  %120 = phi i32 [ %111, %110 ], [ %52, %48 ]
  %121 = phi i32 [ %112, %110 ], [ %53, %48 ]
  %122 = getelementptr inbounds nuw i8, ptr %50, i64 2
  %123 = load i8, ptr %122, align 1, !tbaa !10
  %124 = zext i8 %123 to i32
  %125 = shl nuw nsw i32 %124, 16
  %126 = add i32 %125, %119
  br label %127

127:                                              ; preds = %48, %118
  %128 = phi i32 [ %126, %118 ], [ %51, %48 ]
  %129 = phi i32 [ %120, %118 ], [ %52, %48 ]
  %130 = phi i32 [ %121, %118 ], [ %53, %48 ]
  %131 = getelementptr inbounds nuw i8, ptr %50, i64 1
  %132 = load i8, ptr %131, align 1, !tbaa !10
  %133 = zext i8 %132 to i32
  %134 = shl nuw nsw i32 %133, 8
  %135 = add i32 %134, %128
  br label %136

136:                                              ; preds = %48, %127
  %137 = phi i32 [ %135, %127 ], [ %51, %48 ]
  %138 = phi i32 [ %129, %127 ], [ %52, %48 ]
  %139 = phi i32 [ %130, %127 ], [ %53, %48 ]
  %140 = load i8, ptr %50, align 1, !tbaa !10
  %141 = zext i8 %140 to i32
  %142 = add i32 %137, %141
  %143 = xor i32 %139, %138
  %144 = tail call noundef i32 @llvm.fshl.i32(i32 %138, i32 %138, i32 14)
  %145 = sub i32 %143, %144
  %146 = xor i32 %142, %145
  %147 = tail call noundef i32 @llvm.fshl.i32(i32 %145, i32 %145, i32 11)
  %148 = sub i32 %146, %147
  %149 = xor i32 %148, %138
  %150 = tail call noundef i32 @llvm.fshl.i32(i32 %148, i32 %148, i32 25)
  %151 = sub i32 %149, %150
  %152 = xor i32 %151, %145
  %153 = tail call noundef i32 @llvm.fshl.i32(i32 %151, i32 %151, i32 16)
  %154 = sub i32 %152, %153
  %155 = xor i32 %154, %148
  %156 = tail call noundef i32 @llvm.fshl.i32(i32 %154, i32 %154, i32 4)
  %157 = sub i32 %155, %156
  %158 = xor i32 %157, %151
  %159 = tail call noundef i32 @llvm.fshl.i32(i32 %157, i32 %157, i32 14)
  %160 = sub i32 %158, %159
  %161 = xor i32 %160, %154
  %162 = tail call noundef i32 @llvm.fshl.i32(i32 %160, i32 %160, i32 24)
  %163 = sub i32 %161, %162
  br label %164

164:                                              ; preds = %48, %136
  %165 = phi i32 [ %53, %48 ], [ %163, %136 ]
  ret i32 %165
}

; Function Attrs: mustprogress nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.start.p0(ptr captures(none)) #1

; Function Attrs: mustprogress nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.end.p0(ptr captures(none)) #1

; Function Attrs: nofree norecurse nosync nounwind memory(argmem: read)
define dso_local i32 @ebpy_jhash2(ptr noundef readonly captures(none) %0, i32 noundef %1, i32 noundef %2) local_unnamed_addr #0 {
  %4 = shl i32 %1, 2
  %5 = add i32 %4, -559038737
  %6 = add i32 %5, %2
  %7 = icmp ugt i32 %1, 3
  br i1 %7, label %8, label %49

8:                                                ; preds = %3, %8
  %9 = phi i32 [ %44, %8 ], [ %6, %3 ]
  %10 = phi i32 [ %45, %8 ], [ %6, %3 ]
  %11 = phi i32 [ %41, %8 ], [ %6, %3 ]
  %12 = phi ptr [ %47, %8 ], [ %0, %3 ]
  %13 = phi i32 [ %46, %8 ], [ %1, %3 ]
  %14 = load i32, ptr %12, align 1
  %15 = add i32 %14, %11
  %16 = getelementptr inbounds nuw i8, ptr %12, i64 4
  %17 = load i32, ptr %16, align 1
  %18 = add i32 %17, %10
  %19 = getelementptr inbounds nuw i8, ptr %12, i64 8
  %20 = load i32, ptr %19, align 1
  %21 = add i32 %20, %9
  %22 = sub i32 %15, %21
  %23 = tail call noundef i32 @llvm.fshl.i32(i32 %21, i32 %21, i32 4)
  %24 = xor i32 %22, %23
  %25 = add i32 %21, %18
  %26 = sub i32 %18, %24
  %27 = tail call noundef i32 @llvm.fshl.i32(i32 %24, i32 %24, i32 6)
  %28 = xor i32 %26, %27
  %29 = add i32 %24, %25
  %30 = sub i32 %25, %28
  %31 = tail call noundef i32 @llvm.fshl.i32(i32 %28, i32 %28, i32 8)
  %32 = xor i32 %30, %31
  %33 = add i32 %28, %29
  %34 = sub i32 %29, %32
  %35 = tail call noundef i32 @llvm.fshl.i32(i32 %32, i32 %32, i32 16)
  %36 = xor i32 %34, %35
  %37 = add i32 %32, %33
  %38 = sub i32 %33, %36
  %39 = tail call noundef i32 @llvm.fshl.i32(i32 %36, i32 %36, i32 19)
  %40 = xor i32 %38, %39
  %41 = add i32 %36, %37
  %42 = sub i32 %37, %40
  %43 = tail call noundef i32 @llvm.fshl.i32(i32 %40, i32 %40, i32 4)
  %44 = xor i32 %42, %43
  %45 = add i32 %40, %41
  %46 = add i32 %13, -3
  %47 = getelementptr inbounds nuw i8, ptr %12, i64 12
  %48 = icmp ugt i32 %46, 3
  br i1 %48, label %8, label %49, !llvm.loop !11

49:                                               ; preds = %8, %3
  %50 = phi i32 [ %1, %3 ], [ %46, %8 ]
  %51 = phi ptr [ %0, %3 ], [ %47, %8 ]
  %52 = phi i32 [ %6, %3 ], [ %41, %8 ]
  %53 = phi i32 [ %6, %3 ], [ %45, %8 ]
  %54 = phi i32 [ %6, %3 ], [ %44, %8 ]
  switch i32 %50, label %90 [
    i32 3, label %55
    i32 2, label %59
    i32 1, label %64
    i32 0, label %91
  ]

55:                                               ; preds = %49
  %56 = getelementptr inbounds nuw i8, ptr %51, i64 8
  %57 = load i32, ptr %56, align 1
  %58 = add i32 %57, %54
  br label %59

59:                                               ; preds = %49, %55
  %60 = phi i32 [ %58, %55 ], [ %54, %49 ]
  %61 = getelementptr inbounds nuw i8, ptr %51, i64 4
  %62 = load i32, ptr %61, align 1
  %63 = add i32 %62, %53
  br label %64

64:                                               ; preds = %49, %59
  %65 = phi i32 [ %63, %59 ], [ %53, %49 ]
  %66 = phi i32 [ %60, %59 ], [ %54, %49 ]
  %67 = load i32, ptr %51, align 1
  %68 = add i32 %67, %52
  %69 = xor i32 %66, %65
  %70 = tail call noundef i32 @llvm.fshl.i32(i32 %65, i32 %65, i32 14)
  %71 = sub i32 %69, %70
  %72 = xor i32 %68, %71
  %73 = tail call noundef i32 @llvm.fshl.i32(i32 %71, i32 %71, i32 11)
  %74 = sub i32 %72, %73
  %75 = xor i32 %74, %65
  %76 = tail call noundef i32 @llvm.fshl.i32(i32 %74, i32 %74, i32 25)
  %77 = sub i32 %75, %76
  %78 = xor i32 %77, %71
  %79 = tail call noundef i32 @llvm.fshl.i32(i32 %77, i32 %77, i32 16)
  %80 = sub i32 %78, %79
  %81 = xor i32 %80, %74
  %82 = tail call noundef i32 @llvm.fshl.i32(i32 %80, i32 %80, i32 4)
  %83 = sub i32 %81, %82
  %84 = xor i32 %83, %77
  %85 = tail call noundef i32 @llvm.fshl.i32(i32 %83, i32 %83, i32 14)
  %86 = sub i32 %84, %85
  %87 = xor i32 %86, %80
  %88 = tail call noundef i32 @llvm.fshl.i32(i32 %86, i32 %86, i32 24)
  %89 = sub i32 %87, %88
  br label %91

90:                                               ; preds = %49
  unreachable

91:                                               ; preds = %49, %64
  %92 = phi i32 [ %54, %49 ], [ %89, %64 ]
  ret i32 %92
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none)
define dso_local i64 @ebpy_map_memory_size(i32 noundef %0, i32 noundef %1, i32 noundef %2, i32 noundef %3, i32 noundef %4, i32 noundef %5, i64 noundef %6, i32 noundef %7) local_unnamed_addr #2 {
  %9 = alloca %struct.ebpy_map, align 8
  call void @llvm.lifetime.start.p0(ptr nonnull %9) #13
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(224) %9, i8 0, i64 224, i1 false)
  %10 = getelementptr inbounds nuw i8, ptr %9, i64 4
  store i32 %0, ptr %10, align 4, !tbaa !12
  %11 = getelementptr inbounds nuw i8, ptr %9, i64 8
  store i32 %1, ptr %11, align 8, !tbaa !15
  %12 = getelementptr inbounds nuw i8, ptr %9, i64 12
  store i32 %2, ptr %12, align 4, !tbaa !16
  %13 = getelementptr inbounds nuw i8, ptr %9, i64 16
  store i32 %3, ptr %13, align 8, !tbaa !17
  %14 = getelementptr inbounds nuw i8, ptr %9, i64 20
  store i32 %4, ptr %14, align 4, !tbaa !18
  %15 = tail call i32 @llvm.umax.i32(i32 %5, i32 1)
  %16 = getelementptr inbounds nuw i8, ptr %9, i64 24
  store i32 %15, ptr %16, align 8, !tbaa !19
  %17 = getelementptr inbounds nuw i8, ptr %9, i64 128
  store i64 %6, ptr %17, align 8, !tbaa !20
  %18 = getelementptr inbounds nuw i8, ptr %9, i64 28
  store i32 %7, ptr %18, align 4, !tbaa !21
  %19 = call fastcc i64 @layout(ptr noundef nonnull %9) #14
  call void @llvm.lifetime.end.p0(ptr nonnull %9) #13
  ret i64 %19
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: readwrite)
define internal fastcc i64 @layout(ptr noundef captures(none) initializes((32, 44)) %0) unnamed_addr #3 {
  %2 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %3 = load i32, ptr %2, align 8, !tbaa !17
  %4 = zext i32 %3 to i64
  %5 = getelementptr inbounds nuw i8, ptr %0, i64 28
  %6 = load i32, ptr %5, align 4, !tbaa !21
  %7 = zext i32 %6 to i64
  %8 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %9 = load i32, ptr %8, align 4, !tbaa !12
  switch i32 %9, label %10 [
    i32 12, label %13
    i32 3, label %13
    i32 13, label %13
  ]

10:                                               ; preds = %1
  %11 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %12 = load i32, ptr %11, align 4, !tbaa !16
  br label %13

13:                                               ; preds = %1, %1, %1, %10
  %14 = phi i32 [ %12, %10 ], [ 8, %1 ], [ 8, %1 ], [ 8, %1 ]
  %15 = getelementptr inbounds nuw i8, ptr %0, i64 32
  store i32 %14, ptr %15, align 8, !tbaa !22
  %16 = add i32 %14, 7
  %17 = and i32 %16, -8
  %18 = getelementptr inbounds nuw i8, ptr %0, i64 36
  store i32 %17, ptr %18, align 4, !tbaa !23
  switch i32 %9, label %23 [
    i32 10, label %19
    i32 6, label %19
    i32 5, label %19
  ]

19:                                               ; preds = %13, %13, %13
  %20 = getelementptr inbounds nuw i8, ptr %0, i64 24
  %21 = load i32, ptr %20, align 8, !tbaa !19
  %22 = mul i32 %21, %17
  br label %23

23:                                               ; preds = %13, %19
  %24 = phi i32 [ %22, %19 ], [ %17, %13 ]
  %25 = getelementptr inbounds nuw i8, ptr %0, i64 40
  store i32 %24, ptr %25, align 8, !tbaa !24
  switch i32 %9, label %96 [
    i32 6, label %26
    i32 3, label %26
    i32 2, label %26
    i32 12, label %26
    i32 10, label %39
    i32 9, label %39
    i32 5, label %39
    i32 1, label %39
    i32 13, label %39
    i32 11, label %78
  ]

26:                                               ; preds = %23, %23, %23, %23
  %27 = getelementptr inbounds nuw i8, ptr %0, i64 20
  %28 = load i32, ptr %27, align 4, !tbaa !18
  %29 = and i32 %28, 1024
  %30 = icmp eq i32 %29, 0
  %31 = add nuw nsw i64 %7, 255
  %32 = sub nsw i64 0, %7
  %33 = and i64 %31, %32
  %34 = select i1 %30, i64 256, i64 %33
  %35 = getelementptr inbounds nuw i8, ptr %0, i64 168
  store i64 %34, ptr %35, align 8, !tbaa !25
  %36 = zext i32 %24 to i64
  %37 = mul nuw i64 %36, %4
  %38 = add nuw i64 %34, %37
  br label %163

39:                                               ; preds = %23, %23, %23, %23, %23
  %40 = add i32 %3, -1
  %41 = lshr i32 %40, 1
  %42 = or i32 %41, %40
  %43 = lshr i32 %42, 2
  %44 = or i32 %43, %42
  %45 = lshr i32 %44, 4
  %46 = or i32 %45, %44
  %47 = lshr i32 %46, 8
  %48 = or i32 %47, %46
  %49 = lshr i32 %48, 16
  %50 = or i32 %49, %48
  %51 = add i32 %50, 1
  %52 = getelementptr inbounds nuw i8, ptr %0, i64 48
  store i32 %51, ptr %52, align 8, !tbaa !26
  %53 = add nsw i32 %9, -11
  %54 = icmp ult i32 %53, -2
  %55 = select i1 %54, i32 8, i32 16
  %56 = getelementptr inbounds nuw i8, ptr %0, i64 44
  store i32 %55, ptr %56, align 4, !tbaa !27
  %57 = getelementptr inbounds nuw i8, ptr %0, i64 144
  store i64 256, ptr %57, align 8, !tbaa !28
  %58 = zext i32 %51 to i64
  %59 = shl nuw nsw i64 %58, 2
  %60 = add nuw nsw i64 %59, 263
  %61 = and i64 %60, 34359738360
  %62 = getelementptr inbounds nuw i8, ptr %0, i64 152
  store i64 %61, ptr %62, align 8, !tbaa !29
  %63 = select i1 %54, i64 3, i64 4
  %64 = shl nuw nsw i64 %4, %63
  %65 = add nuw nsw i64 %61, %64
  %66 = getelementptr inbounds nuw i8, ptr %0, i64 160
  store i64 %65, ptr %66, align 8, !tbaa !30
  %67 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %68 = load i32, ptr %67, align 8, !tbaa !15
  %69 = zext i32 %68 to i64
  %70 = mul nuw i64 %69, %4
  %71 = add nuw nsw i64 %65, 7
  %72 = add i64 %71, %70
  %73 = and i64 %72, -8
  %74 = getelementptr inbounds nuw i8, ptr %0, i64 168
  store i64 %73, ptr %74, align 8, !tbaa !25
  %75 = zext i32 %24 to i64
  %76 = mul nuw i64 %75, %4
  %77 = add i64 %73, %76
  br label %163

78:                                               ; preds = %23
  %79 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %80 = load i32, ptr %79, align 8, !tbaa !15
  %81 = add i32 %80, 12
  %82 = zext i32 %81 to i64
  %83 = add nuw nsw i64 %82, 7
  %84 = trunc i64 %83 to i32
  %85 = and i32 %84, -8
  %86 = getelementptr inbounds nuw i8, ptr %0, i64 44
  store i32 %85, ptr %86, align 4, !tbaa !27
  %87 = getelementptr inbounds nuw i8, ptr %0, i64 152
  store i64 256, ptr %87, align 8, !tbaa !29
  %88 = shl nuw nsw i64 %4, 1
  %89 = and i64 %83, 4294967288
  %90 = mul i64 %88, %89
  %91 = add i64 %90, 256
  %92 = getelementptr inbounds nuw i8, ptr %0, i64 168
  store i64 %91, ptr %92, align 8, !tbaa !25
  %93 = zext i32 %17 to i64
  %94 = mul nuw i64 %93, %4
  %95 = add i64 %91, %94
  br label %163

96:                                               ; preds = %23
  %97 = and i32 %9, -2
  %98 = icmp eq i32 %97, 22
  br i1 %98, label %99, label %107

99:                                               ; preds = %96
  %100 = getelementptr inbounds nuw i8, ptr %0, i64 168
  store i64 256, ptr %100, align 8, !tbaa !25
  %101 = add nuw nsw i64 %4, 1
  %102 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %103 = load i32, ptr %102, align 4, !tbaa !16
  %104 = zext i32 %103 to i64
  %105 = mul nuw i64 %101, %104
  %106 = add nuw i64 %105, 256
  br label %163

107:                                              ; preds = %96
  switch i32 %9, label %170 [
    i32 30, label %108
    i32 27, label %154
  ]

108:                                              ; preds = %107
  %109 = getelementptr inbounds nuw i8, ptr %0, i64 128
  %110 = load i64, ptr %109, align 8, !tbaa !20
  %111 = trunc i64 %110 to i32
  %112 = and i32 %111, 15
  %113 = icmp eq i32 %112, 0
  %114 = select i1 %113, i32 5, i32 %112
  %115 = getelementptr inbounds nuw i8, ptr %0, i64 100
  store i32 %114, ptr %115, align 4, !tbaa !31
  %116 = zext nneg i32 %114 to i64
  %117 = mul nuw nsw i64 %116, %4
  %118 = icmp samesign ugt i64 %117, 4294967295
  br i1 %118, label %123, label %119

119:                                              ; preds = %108
  %120 = trunc nuw i64 %117 to i32
  %121 = udiv i32 %120, 5
  %122 = icmp samesign ugt i64 %117, 1533916894
  br i1 %122, label %123, label %125

123:                                              ; preds = %119, %108
  %124 = getelementptr inbounds nuw i8, ptr %0, i64 104
  store i32 -1, ptr %124, align 8, !tbaa !32
  br label %151

125:                                              ; preds = %119
  %126 = icmp samesign ult i64 %117, 50
  br i1 %126, label %142, label %127

127:                                              ; preds = %125
  %128 = mul nuw i32 %121, 7
  %129 = add i32 %128, -1
  %130 = lshr i32 %129, 1
  %131 = or i32 %130, %129
  %132 = lshr i32 %131, 2
  %133 = or i32 %132, %131
  %134 = lshr i32 %133, 4
  %135 = or i32 %134, %133
  %136 = lshr i32 %135, 8
  %137 = or i32 %136, %135
  %138 = lshr i32 %137, 16
  %139 = or i32 %138, %137
  %140 = add i32 %139, 1
  %141 = zext i32 %140 to i64
  br label %142

142:                                              ; preds = %125, %127
  %143 = phi i64 [ %141, %127 ], [ 64, %125 ]
  %144 = trunc nuw i64 %143 to i32
  %145 = add i32 %144, -1
  %146 = getelementptr inbounds nuw i8, ptr %0, i64 104
  store i32 %145, ptr %146, align 8, !tbaa !32
  %147 = lshr i64 %143, 3
  %148 = add nuw nsw i64 %147, 7
  %149 = and i64 %148, 1073741816
  %150 = add nuw nsw i64 %149, 256
  br label %151

151:                                              ; preds = %142, %123
  %152 = phi i64 [ 536871168, %123 ], [ %150, %142 ]
  %153 = getelementptr inbounds nuw i8, ptr %0, i64 168
  store i64 256, ptr %153, align 8, !tbaa !25
  br label %163

154:                                              ; preds = %107
  %155 = getelementptr inbounds nuw i8, ptr %0, i64 176
  store i64 %7, ptr %155, align 8, !tbaa !33
  %156 = shl nuw nsw i64 %7, 1
  %157 = getelementptr inbounds nuw i8, ptr %0, i64 184
  store i64 %156, ptr %157, align 8, !tbaa !34
  %158 = mul nuw nsw i64 %7, 3
  %159 = getelementptr inbounds nuw i8, ptr %0, i64 192
  store i64 %158, ptr %159, align 8, !tbaa !35
  %160 = add nsw i64 %4, -1
  %161 = getelementptr inbounds nuw i8, ptr %0, i64 200
  store i64 %160, ptr %161, align 8, !tbaa !36
  %162 = add nuw nsw i64 %158, %4
  br label %163

163:                                              ; preds = %39, %99, %154, %151, %78, %26
  %164 = phi i64 [ %38, %26 ], [ %77, %39 ], [ %95, %78 ], [ %106, %99 ], [ %152, %151 ], [ %162, %154 ]
  %165 = add nsw i64 %7, -1
  %166 = add i64 %165, %164
  %167 = sub nsw i64 0, %7
  %168 = and i64 %166, %167
  %169 = getelementptr inbounds nuw i8, ptr %0, i64 136
  store i64 %168, ptr %169, align 8, !tbaa !37
  br label %170

170:                                              ; preds = %107, %163
  %171 = phi i64 [ %168, %163 ], [ 0, %107 ]
  ret i64 %171
}

; Function Attrs: mustprogress nofree norecurse nounwind willreturn memory(argmem: readwrite)
define dso_local range(i64 -22, 1) i64 @ebpy_map_init(ptr noundef captures(none) initializes((4, 44), (128, 136)) %0, i32 noundef %1, i32 noundef %2, i32 noundef %3, i32 noundef %4, i32 noundef %5, i32 noundef %6, i64 noundef %7, i32 noundef %8, i32 noundef %9) local_unnamed_addr #4 {
  %11 = getelementptr inbounds nuw i8, ptr %0, i64 4
  store i32 %1, ptr %11, align 4, !tbaa !12
  %12 = getelementptr inbounds nuw i8, ptr %0, i64 8
  store i32 %2, ptr %12, align 8, !tbaa !15
  %13 = getelementptr inbounds nuw i8, ptr %0, i64 12
  store i32 %3, ptr %13, align 4, !tbaa !16
  %14 = getelementptr inbounds nuw i8, ptr %0, i64 16
  store i32 %4, ptr %14, align 8, !tbaa !17
  %15 = getelementptr inbounds nuw i8, ptr %0, i64 20
  store i32 %5, ptr %15, align 4, !tbaa !18
  %16 = tail call i32 @llvm.umax.i32(i32 %6, i32 1)
  %17 = getelementptr inbounds nuw i8, ptr %0, i64 24
  store i32 %16, ptr %17, align 8, !tbaa !19
  %18 = getelementptr inbounds nuw i8, ptr %0, i64 128
  store i64 %7, ptr %18, align 8, !tbaa !20
  %19 = getelementptr inbounds nuw i8, ptr %0, i64 28
  store i32 %8, ptr %19, align 4, !tbaa !21
  %20 = tail call fastcc i64 @layout(ptr noundef %0) #14
  %21 = icmp eq i64 %20, 0
  br i1 %21, label %27, label %22

22:                                               ; preds = %10
  %23 = and i32 %5, 64
  %24 = icmp eq i32 %23, 0
  %25 = select i1 %24, i32 %9, i32 0
  %26 = getelementptr inbounds nuw i8, ptr %0, i64 52
  store i32 %25, ptr %26, align 4, !tbaa !38
  store atomic i32 1297698885, ptr %0 release, align 8
  br label %27

27:                                               ; preds = %10, %22
  %28 = phi i64 [ 0, %22 ], [ -22, %10 ]
  ret i64 %28
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: write)
define dso_local void @ebpy_map_set_inner(ptr noundef writeonly captures(none) initializes((108, 128)) %0, i32 noundef %1, i32 noundef %2, i32 noundef %3, i32 noundef %4, i32 noundef %5) local_unnamed_addr #5 {
  %7 = getelementptr inbounds nuw i8, ptr %0, i64 108
  store i32 %1, ptr %7, align 4, !tbaa !39
  %8 = getelementptr inbounds nuw i8, ptr %0, i64 112
  store i32 %2, ptr %8, align 8, !tbaa !40
  %9 = getelementptr inbounds nuw i8, ptr %0, i64 116
  store i32 %3, ptr %9, align 4, !tbaa !41
  %10 = getelementptr inbounds nuw i8, ptr %0, i64 120
  store i32 %4, ptr %10, align 8, !tbaa !42
  %11 = getelementptr inbounds nuw i8, ptr %0, i64 124
  store i32 %5, ptr %11, align 4, !tbaa !43
  ret void
}

; Function Attrs: mustprogress nofree norecurse nounwind willreturn memory(argmem: readwrite)
define dso_local i64 @ebpy_map_info(ptr noundef readonly captures(none) %0, i32 noundef %1) local_unnamed_addr #4 {
  switch i32 %1, label %105 [
    i32 0, label %3
    i32 1, label %6
    i32 2, label %10
    i32 3, label %14
    i32 4, label %18
    i32 5, label %22
    i32 6, label %26
    i32 7, label %30
    i32 8, label %56
    i32 9, label %59
    i32 10, label %63
    i32 11, label %67
    i32 12, label %71
    i32 13, label %74
    i32 14, label %77
    i32 15, label %80
    i32 16, label %83
    i32 17, label %87
    i32 18, label %91
    i32 19, label %95
    i32 20, label %99
    i32 21, label %106
    i32 22, label %102
  ]

3:                                                ; preds = %2
  %4 = load i32, ptr %0, align 8, !tbaa !44
  %5 = zext i32 %4 to i64
  br label %106

6:                                                ; preds = %2
  %7 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %8 = load i32, ptr %7, align 4, !tbaa !12
  %9 = zext i32 %8 to i64
  br label %106

10:                                               ; preds = %2
  %11 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %12 = load i32, ptr %11, align 8, !tbaa !15
  %13 = zext i32 %12 to i64
  br label %106

14:                                               ; preds = %2
  %15 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %16 = load i32, ptr %15, align 4, !tbaa !16
  %17 = zext i32 %16 to i64
  br label %106

18:                                               ; preds = %2
  %19 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %20 = load i32, ptr %19, align 8, !tbaa !17
  %21 = zext i32 %20 to i64
  br label %106

22:                                               ; preds = %2
  %23 = getelementptr inbounds nuw i8, ptr %0, i64 20
  %24 = load i32, ptr %23, align 4, !tbaa !18
  %25 = zext i32 %24 to i64
  br label %106

26:                                               ; preds = %2
  %27 = getelementptr inbounds nuw i8, ptr %0, i64 24
  %28 = load i32, ptr %27, align 8, !tbaa !19
  %29 = zext i32 %28 to i64
  br label %106

30:                                               ; preds = %2
  %31 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %32 = load i32, ptr %31, align 4, !tbaa !12
  switch i32 %32, label %37 [
    i32 6, label %33
    i32 3, label %33
    i32 2, label %33
    i32 12, label %33
  ]

33:                                               ; preds = %30, %30, %30, %30
  %34 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %35 = load i32, ptr %34, align 8, !tbaa !17
  %36 = zext i32 %35 to i64
  br label %106

37:                                               ; preds = %30
  %38 = and i32 %32, -2
  %39 = icmp eq i32 %38, 22
  br i1 %39, label %40, label %52

40:                                               ; preds = %37
  %41 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %42 = load i32, ptr %41, align 8, !tbaa !17
  %43 = add i32 %42, 1
  %44 = getelementptr inbounds nuw i8, ptr %0, i64 92
  %45 = load i32, ptr %44, align 4, !tbaa !45
  %46 = add i32 %45, %43
  %47 = getelementptr inbounds nuw i8, ptr %0, i64 96
  %48 = load i32, ptr %47, align 8, !tbaa !46
  %49 = sub i32 %46, %48
  %50 = urem i32 %49, %43
  %51 = zext i32 %50 to i64
  br label %106

52:                                               ; preds = %37
  %53 = getelementptr inbounds nuw i8, ptr %0, i64 60
  %54 = load atomic i32, ptr %53 monotonic, align 4
  %55 = zext i32 %54 to i64
  br label %106

56:                                               ; preds = %2
  %57 = getelementptr inbounds nuw i8, ptr %0, i64 136
  %58 = load i64, ptr %57, align 8, !tbaa !37
  br label %106

59:                                               ; preds = %2
  %60 = getelementptr inbounds nuw i8, ptr %0, i64 32
  %61 = load i32, ptr %60, align 8, !tbaa !22
  %62 = zext i32 %61 to i64
  br label %106

63:                                               ; preds = %2
  %64 = getelementptr inbounds nuw i8, ptr %0, i64 36
  %65 = load i32, ptr %64, align 4, !tbaa !23
  %66 = zext i32 %65 to i64
  br label %106

67:                                               ; preds = %2
  %68 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %69 = load i32, ptr %68, align 8, !tbaa !24
  %70 = zext i32 %69 to i64
  br label %106

71:                                               ; preds = %2
  %72 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %73 = load i64, ptr %72, align 8, !tbaa !25
  br label %106

74:                                               ; preds = %2
  %75 = getelementptr inbounds nuw i8, ptr %0, i64 176
  %76 = load i64, ptr %75, align 8, !tbaa !33
  br label %106

77:                                               ; preds = %2
  %78 = getelementptr inbounds nuw i8, ptr %0, i64 184
  %79 = load i64, ptr %78, align 8, !tbaa !34
  br label %106

80:                                               ; preds = %2
  %81 = getelementptr inbounds nuw i8, ptr %0, i64 192
  %82 = load i64, ptr %81, align 8, !tbaa !35
  br label %106

83:                                               ; preds = %2
  %84 = getelementptr inbounds nuw i8, ptr %0, i64 48
  %85 = load i32, ptr %84, align 8, !tbaa !26
  %86 = zext i32 %85 to i64
  br label %106

87:                                               ; preds = %2
  %88 = getelementptr inbounds nuw i8, ptr %0, i64 52
  %89 = load i32, ptr %88, align 4, !tbaa !38
  %90 = zext i32 %89 to i64
  br label %106

91:                                               ; preds = %2
  %92 = getelementptr inbounds nuw i8, ptr %0, i64 100
  %93 = load i32, ptr %92, align 4, !tbaa !31
  %94 = zext i32 %93 to i64
  br label %106

95:                                               ; preds = %2
  %96 = getelementptr inbounds nuw i8, ptr %0, i64 104
  %97 = load i32, ptr %96, align 8, !tbaa !32
  %98 = zext i32 %97 to i64
  br label %106

99:                                               ; preds = %2
  %100 = getelementptr inbounds nuw i8, ptr %0, i64 216
  %101 = load atomic i64, ptr %100 acquire, align 8
  br label %106

102:                                              ; preds = %2
  %103 = getelementptr inbounds nuw i8, ptr %0, i64 128
  %104 = load i64, ptr %103, align 8, !tbaa !20
  br label %106

105:                                              ; preds = %2
  br label %106

106:                                              ; preds = %2, %105, %102, %99, %95, %91, %87, %83, %80, %77, %74, %71, %67, %63, %59, %56, %52, %40, %33, %26, %22, %18, %14, %10, %6, %3
  %107 = phi i64 [ 0, %105 ], [ %5, %3 ], [ %9, %6 ], [ %13, %10 ], [ %17, %14 ], [ %21, %18 ], [ %25, %22 ], [ %29, %26 ], [ %36, %33 ], [ %51, %40 ], [ %55, %52 ], [ %58, %56 ], [ %62, %59 ], [ %66, %63 ], [ %70, %67 ], [ %73, %71 ], [ %76, %74 ], [ %79, %77 ], [ %82, %80 ], [ %86, %83 ], [ %90, %87 ], [ %94, %91 ], [ %98, %95 ], [ %101, %99 ], [ %104, %102 ], [ 256, %2 ]
  ret i64 %107
}

; Function Attrs: mustprogress nofree norecurse nounwind willreturn memory(argmem: readwrite)
define dso_local i64 @ebpy_prog_array_get(ptr noundef readonly captures(none) %0, i32 noundef %1) local_unnamed_addr #4 {
  %3 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %4 = load i32, ptr %3, align 8, !tbaa !17
  %5 = icmp ult i32 %1, %4
  br i1 %5, label %6, label %17

6:                                                ; preds = %2
  %7 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %8 = load i64, ptr %7, align 8, !tbaa !25
  %9 = getelementptr inbounds nuw i8, ptr %0, i64 %8
  %10 = zext i32 %1 to i64
  %11 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %12 = load i32, ptr %11, align 8, !tbaa !24
  %13 = zext i32 %12 to i64
  %14 = mul nuw i64 %13, %10
  %15 = getelementptr inbounds nuw i8, ptr %9, i64 %14
  %16 = load atomic i64, ptr %15 acquire, align 8
  br label %17

17:                                               ; preds = %2, %6
  %18 = phi i64 [ %16, %6 ], [ 0, %2 ]
  ret i64 %18
}

; Function Attrs: nofree norecurse nounwind memory(argmem: readwrite)
define dso_local ptr @ebpy_ringbuf_reserve(ptr noundef captures(ret: address, provenance) %0, i64 noundef %1, i64 noundef %2) local_unnamed_addr #6 {
  %4 = icmp eq i64 %2, 0
  br i1 %4, label %5, label %11

5:                                                ; preds = %3
  %6 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %7 = load i32, ptr %6, align 4, !tbaa !12
  %8 = icmp eq i32 %7, 27
  br i1 %8, label %9, label %11

9:                                                ; preds = %5
  %10 = tail call fastcc ptr @ringbuf_reserve(ptr noundef nonnull %0, i64 noundef %1) #14
  br label %11

11:                                               ; preds = %3, %5, %9
  %12 = phi ptr [ %10, %9 ], [ null, %5 ], [ null, %3 ]
  ret ptr %12
}

; Function Attrs: nofree norecurse nounwind memory(argmem: readwrite)
define internal fastcc ptr @ringbuf_reserve(ptr noundef captures(ret: address, provenance) %0, i64 noundef %1) unnamed_addr #6 {
  %3 = icmp ugt i64 %1, 1073741823
  br i1 %3, label %75, label %4

4:                                                ; preds = %2
  %5 = add nuw nsw i64 %1, 15
  %6 = and i64 %5, 2147483640
  %7 = getelementptr inbounds nuw i8, ptr %0, i64 200
  %8 = load i64, ptr %7, align 8, !tbaa !36
  %9 = add i64 %8, 1
  %10 = icmp ugt i64 %6, %9
  br i1 %10, label %75, label %11

11:                                               ; preds = %4
  %12 = getelementptr inbounds nuw i8, ptr %0, i64 176
  %13 = load i64, ptr %12, align 8, !tbaa !33
  %14 = getelementptr inbounds nuw i8, ptr %0, i64 %13
  %15 = load atomic i64, ptr %14 acquire, align 8
  %16 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %17 = atomicrmw xchg ptr %16, i32 1 acquire, align 8
  %18 = icmp eq i32 %17, 0
  br i1 %18, label %26, label %19

19:                                               ; preds = %11, %22
  %20 = load atomic i32, ptr %16 monotonic, align 8
  %21 = icmp eq i32 %20, 0
  br i1 %21, label %23, label %22

22:                                               ; preds = %19, %23
  br label %19, !llvm.loop !47

23:                                               ; preds = %19
  %24 = atomicrmw xchg ptr %16, i32 1 acquire, align 8
  %25 = icmp eq i32 %24, 0
  br i1 %25, label %26, label %22

26:                                               ; preds = %23, %11
  %27 = getelementptr inbounds nuw i8, ptr %0, i64 208
  %28 = load i64, ptr %27, align 8, !tbaa !48
  %29 = getelementptr inbounds nuw i8, ptr %0, i64 184
  %30 = load i64, ptr %29, align 8, !tbaa !34
  %31 = getelementptr inbounds nuw i8, ptr %0, i64 %30
  %32 = load i64, ptr %31, align 8, !tbaa !49
  %33 = add i64 %32, %6
  %34 = getelementptr inbounds nuw i8, ptr %0, i64 192
  %35 = icmp ult i64 %28, %32
  br i1 %35, label %36, label %52

36:                                               ; preds = %26, %45
  %37 = phi i64 [ %50, %45 ], [ %28, %26 ]
  %38 = load i64, ptr %34, align 8, !tbaa !35
  %39 = getelementptr inbounds nuw i8, ptr %0, i64 %38
  %40 = load i64, ptr %7, align 8, !tbaa !36
  %41 = and i64 %40, %37
  %42 = getelementptr inbounds nuw i8, ptr %39, i64 %41
  %43 = load atomic i32, ptr %42 acquire, align 4
  %44 = icmp sgt i32 %43, -1
  br i1 %44, label %45, label %52

45:                                               ; preds = %36
  %46 = and i32 %43, 1073741823
  %47 = add nuw nsw i32 %46, 15
  %48 = and i32 %47, 2147483640
  %49 = zext nneg i32 %48 to i64
  %50 = add i64 %37, %49
  %51 = icmp ult i64 %50, %32
  br i1 %51, label %36, label %52

52:                                               ; preds = %45, %36, %26
  %53 = phi i64 [ %28, %26 ], [ %37, %36 ], [ %50, %45 ]
  store i64 %53, ptr %27, align 8, !tbaa !48
  %54 = sub i64 %33, %15
  %55 = load i64, ptr %7, align 8, !tbaa !36
  %56 = icmp ugt i64 %54, %55
  %57 = sub i64 %33, %53
  %58 = icmp ugt i64 %57, %55
  %59 = or i1 %56, %58
  br i1 %59, label %60, label %61

60:                                               ; preds = %52
  store atomic i32 0, ptr %16 release, align 8
  br label %75

61:                                               ; preds = %52
  %62 = load i64, ptr %34, align 8, !tbaa !35
  %63 = getelementptr inbounds nuw i8, ptr %0, i64 %62
  %64 = and i64 %55, %32
  %65 = getelementptr inbounds nuw i8, ptr %63, i64 %64
  %66 = trunc nuw nsw i64 %1 to i32
  %67 = or disjoint i32 %66, -2147483648
  store i32 %67, ptr %65, align 4, !tbaa !50
  %68 = add nuw nsw i64 %62, %64
  %69 = lshr i64 %68, 12
  %70 = trunc i64 %69 to i32
  %71 = getelementptr inbounds nuw i8, ptr %65, i64 4
  store i32 %70, ptr %71, align 4, !tbaa !52
  %72 = load i64, ptr %29, align 8, !tbaa !34
  %73 = getelementptr inbounds nuw i8, ptr %0, i64 %72
  store atomic i64 %33, ptr %73 release, align 8
  store atomic i32 0, ptr %16 release, align 8
  %74 = getelementptr inbounds nuw i8, ptr %65, i64 8
  br label %75

75:                                               ; preds = %4, %2, %61, %60
  %76 = phi ptr [ %74, %61 ], [ null, %2 ], [ null, %60 ], [ null, %4 ]
  ret ptr %76
}

; Function Attrs: mustprogress nofree norecurse nounwind willreturn memory(readwrite, inaccessiblemem: none, target_mem0: none, target_mem1: none)
define dso_local void @ebpy_ringbuf_submit(ptr noundef %0, i64 noundef %1) local_unnamed_addr #7 {
  %3 = getelementptr inbounds i8, ptr %0, i64 -8
  %4 = ptrtoint ptr %3 to i64
  %5 = and i64 %4, -4096
  %6 = getelementptr inbounds i8, ptr %0, i64 -4
  %7 = load i32, ptr %6, align 4, !tbaa !52
  %8 = zext i32 %7 to i64
  %9 = shl nuw nsw i64 %8, 12
  %10 = sub i64 %5, %9
  %11 = inttoptr i64 %10 to ptr
  %12 = load i32, ptr %3, align 4, !tbaa !50
  %13 = xor i32 %12, -2147483648
  %14 = atomicrmw xchg ptr %3, i32 %13 seq_cst, align 4
  %15 = getelementptr inbounds nuw i8, ptr %11, i64 192
  %16 = load i64, ptr %15, align 64, !tbaa !35
  %17 = getelementptr inbounds nuw i8, ptr %11, i64 176
  %18 = load i64, ptr %17, align 16, !tbaa !33
  %19 = getelementptr inbounds nuw i8, ptr %11, i64 %18
  %20 = load atomic i64, ptr %19 acquire, align 8
  %21 = and i64 %1, 2
  %22 = icmp eq i64 %21, 0
  br i1 %22, label %23, label %34

23:                                               ; preds = %2
  %24 = getelementptr inbounds nuw i8, ptr %11, i64 %16
  %25 = getelementptr inbounds nuw i8, ptr %11, i64 200
  %26 = load i64, ptr %25, align 8, !tbaa !36
  %27 = and i64 %26, %20
  %28 = ptrtoint ptr %24 to i64
  %29 = sub i64 %4, %28
  %30 = icmp eq i64 %27, %29
  %31 = and i64 %1, 1
  %32 = icmp eq i64 %31, 0
  %33 = and i1 %32, %30
  br i1 %33, label %34, label %37

34:                                               ; preds = %23, %2
  %35 = getelementptr inbounds nuw i8, ptr %11, i64 216
  %36 = atomicrmw add ptr %35, i64 1 release, align 8
  br label %37

37:                                               ; preds = %23, %34
  ret void
}

; Function Attrs: mustprogress nofree norecurse nounwind willreturn memory(readwrite, inaccessiblemem: none, target_mem0: none, target_mem1: none)
define dso_local void @ebpy_ringbuf_discard(ptr noundef %0, i64 noundef %1) local_unnamed_addr #7 {
  %3 = getelementptr inbounds i8, ptr %0, i64 -8
  %4 = ptrtoint ptr %3 to i64
  %5 = and i64 %4, -4096
  %6 = getelementptr inbounds i8, ptr %0, i64 -4
  %7 = load i32, ptr %6, align 4, !tbaa !52
  %8 = zext i32 %7 to i64
  %9 = shl nuw nsw i64 %8, 12
  %10 = sub i64 %5, %9
  %11 = inttoptr i64 %10 to ptr
  %12 = load i32, ptr %3, align 4, !tbaa !50
  %13 = and i32 %12, -1073741825
  %14 = xor i32 %13, -1073741824
  %15 = atomicrmw xchg ptr %3, i32 %14 seq_cst, align 4
  %16 = getelementptr inbounds nuw i8, ptr %11, i64 192
  %17 = load i64, ptr %16, align 64, !tbaa !35
  %18 = getelementptr inbounds nuw i8, ptr %11, i64 176
  %19 = load i64, ptr %18, align 16, !tbaa !33
  %20 = getelementptr inbounds nuw i8, ptr %11, i64 %19
  %21 = load atomic i64, ptr %20 acquire, align 8
  %22 = and i64 %1, 2
  %23 = icmp eq i64 %22, 0
  br i1 %23, label %24, label %35

24:                                               ; preds = %2
  %25 = getelementptr inbounds nuw i8, ptr %11, i64 %17
  %26 = getelementptr inbounds nuw i8, ptr %11, i64 200
  %27 = load i64, ptr %26, align 8, !tbaa !36
  %28 = and i64 %27, %21
  %29 = ptrtoint ptr %25 to i64
  %30 = sub i64 %4, %29
  %31 = icmp eq i64 %28, %30
  %32 = and i64 %1, 1
  %33 = icmp eq i64 %32, 0
  %34 = and i1 %33, %31
  br i1 %34, label %35, label %38

35:                                               ; preds = %24, %2
  %36 = getelementptr inbounds nuw i8, ptr %11, i64 216
  %37 = atomicrmw add ptr %36, i64 1 release, align 8
  br label %38

38:                                               ; preds = %24, %35
  ret void
}

; Function Attrs: nofree norecurse nounwind memory(readwrite, inaccessiblemem: none, target_mem0: none, target_mem1: none)
define dso_local range(i64 -22, 1) i64 @ebpy_ringbuf_output(ptr noundef %0, ptr noundef readonly captures(none) %1, i64 noundef %2, i64 noundef %3) local_unnamed_addr #8 {
  %5 = icmp ult i64 %3, 4
  br i1 %5, label %6, label %46

6:                                                ; preds = %4
  %7 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %8 = load i32, ptr %7, align 4, !tbaa !12
  %9 = icmp eq i32 %8, 27
  br i1 %9, label %10, label %46

10:                                               ; preds = %6
  %11 = tail call fastcc ptr @ringbuf_reserve(ptr noundef nonnull %0, i64 noundef %2) #14
  %12 = icmp eq ptr %11, null
  br i1 %12, label %46, label %13

13:                                               ; preds = %10
  tail call void @llvm.memcpy.p0.p0.i64(ptr nonnull align 1 %11, ptr readonly align 1 %1, i64 %2, i1 false)
  %14 = getelementptr inbounds i8, ptr %11, i64 -8
  %15 = ptrtoint ptr %14 to i64
  %16 = and i64 %15, -4096
  %17 = getelementptr inbounds i8, ptr %11, i64 -4
  %18 = load i32, ptr %17, align 4, !tbaa !52
  %19 = zext i32 %18 to i64
  %20 = shl nuw nsw i64 %19, 12
  %21 = sub i64 %16, %20
  %22 = inttoptr i64 %21 to ptr
  %23 = load i32, ptr %14, align 4, !tbaa !50
  %24 = xor i32 %23, -2147483648
  %25 = atomicrmw xchg ptr %14, i32 %24 seq_cst, align 4
  %26 = getelementptr inbounds nuw i8, ptr %22, i64 192
  %27 = load i64, ptr %26, align 64, !tbaa !35
  %28 = getelementptr inbounds nuw i8, ptr %22, i64 176
  %29 = load i64, ptr %28, align 16, !tbaa !33
  %30 = getelementptr inbounds nuw i8, ptr %22, i64 %29
  %31 = load atomic i64, ptr %30 acquire, align 8
  %32 = icmp samesign ult i64 %3, 2
  br i1 %32, label %33, label %43

33:                                               ; preds = %13
  %34 = getelementptr inbounds nuw i8, ptr %22, i64 %27
  %35 = getelementptr inbounds nuw i8, ptr %22, i64 200
  %36 = load i64, ptr %35, align 8, !tbaa !36
  %37 = and i64 %36, %31
  %38 = ptrtoint ptr %34 to i64
  %39 = sub i64 %15, %38
  %40 = icmp eq i64 %37, %39
  %41 = icmp eq i64 %3, 0
  %42 = and i1 %41, %40
  br i1 %42, label %43, label %46

43:                                               ; preds = %33, %13
  %44 = getelementptr inbounds nuw i8, ptr %22, i64 216
  %45 = atomicrmw add ptr %44, i64 1 release, align 8
  br label %46

46:                                               ; preds = %43, %33, %10, %6, %4
  %47 = phi i64 [ -22, %6 ], [ -22, %4 ], [ -11, %10 ], [ 0, %33 ], [ 0, %43 ]
  ret i64 %47
}

; Function Attrs: mustprogress nofree norecurse nounwind willreturn memory(argmem: readwrite)
define dso_local i64 @ebpy_ringbuf_query(ptr noundef readonly captures(none) %0, i64 noundef %1) local_unnamed_addr #4 {
  %3 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %4 = load i32, ptr %3, align 4, !tbaa !12
  %5 = icmp eq i32 %4, 27
  br i1 %5, label %6, label %31

6:                                                ; preds = %2
  switch i64 %1, label %31 [
    i64 0, label %7
    i64 1, label %17
    i64 2, label %21
    i64 3, label %26
  ]

7:                                                ; preds = %6
  %8 = getelementptr inbounds nuw i8, ptr %0, i64 176
  %9 = load i64, ptr %8, align 8, !tbaa !33
  %10 = getelementptr inbounds nuw i8, ptr %0, i64 %9
  %11 = load atomic i64, ptr %10 acquire, align 8
  %12 = getelementptr inbounds nuw i8, ptr %0, i64 184
  %13 = load i64, ptr %12, align 8, !tbaa !34
  %14 = getelementptr inbounds nuw i8, ptr %0, i64 %13
  %15 = load atomic i64, ptr %14 acquire, align 8
  %16 = sub i64 %15, %11
  br label %31

17:                                               ; preds = %6
  %18 = getelementptr inbounds nuw i8, ptr %0, i64 200
  %19 = load i64, ptr %18, align 8, !tbaa !36
  %20 = add i64 %19, 1
  br label %31

21:                                               ; preds = %6
  %22 = getelementptr inbounds nuw i8, ptr %0, i64 176
  %23 = load i64, ptr %22, align 8, !tbaa !33
  %24 = getelementptr inbounds nuw i8, ptr %0, i64 %23
  %25 = load atomic i64, ptr %24 acquire, align 8
  br label %31

26:                                               ; preds = %6
  %27 = getelementptr inbounds nuw i8, ptr %0, i64 184
  %28 = load i64, ptr %27, align 8, !tbaa !34
  %29 = getelementptr inbounds nuw i8, ptr %0, i64 %28
  %30 = load atomic i64, ptr %29 acquire, align 8
  br label %31

31:                                               ; preds = %6, %2, %26, %21, %17, %7
  %32 = phi i64 [ %30, %26 ], [ 0, %2 ], [ %16, %7 ], [ %20, %17 ], [ %25, %21 ], [ 0, %6 ]
  ret i64 %32
}

; Function Attrs: mustprogress nofree norecurse nounwind willreturn memory(argmem: readwrite)
define dso_local i64 @ebpy_load_acquire_u64(ptr noundef readonly captures(none) %0) local_unnamed_addr #4 {
  %2 = load atomic i64, ptr %0 acquire, align 8
  ret i64 %2
}

; Function Attrs: mustprogress nofree norecurse nounwind willreturn memory(argmem: readwrite)
define dso_local i32 @ebpy_load_acquire_u32(ptr noundef readonly captures(none) %0) local_unnamed_addr #4 {
  %2 = load atomic i32, ptr %0 acquire, align 4
  ret i32 %2
}

; Function Attrs: mustprogress nofree norecurse nounwind willreturn memory(argmem: readwrite)
define dso_local void @ebpy_store_release_u64(ptr noundef writeonly captures(none) %0, i64 noundef %1) local_unnamed_addr #4 {
  store atomic i64 %1, ptr %0 release, align 8
  ret void
}

; Function Attrs: nofree norecurse nounwind memory(argmem: readwrite)
define dso_local ptr @ebpy_map_lookup(ptr noundef %0, ptr noundef readonly captures(none) %1, i32 noundef %2) local_unnamed_addr #6 {
  %4 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %5 = load i32, ptr %4, align 4, !tbaa !12
  switch i32 %5, label %266 [
    i32 2, label %6
    i32 6, label %6
    i32 3, label %43
    i32 12, label %61
    i32 1, label %78
    i32 5, label %78
    i32 9, label %78
    i32 10, label %78
    i32 13, label %78
    i32 11, label %253
  ]

6:                                                ; preds = %3, %3
  %7 = load i32, ptr %1, align 1
  %8 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %9 = load i32, ptr %8, align 8, !tbaa !17
  %10 = icmp ult i32 %7, %9
  br i1 %10, label %11, label %266

11:                                               ; preds = %6
  %12 = icmp eq i32 %5, 6
  br i1 %12, label %13, label %33

13:                                               ; preds = %11
  %14 = getelementptr inbounds nuw i8, ptr %0, i64 24
  %15 = load i32, ptr %14, align 8, !tbaa !19
  %16 = icmp ult i32 %2, %15
  br i1 %16, label %17, label %266

17:                                               ; preds = %13
  %18 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %19 = load i64, ptr %18, align 8, !tbaa !25
  %20 = getelementptr inbounds nuw i8, ptr %0, i64 %19
  %21 = zext i32 %7 to i64
  %22 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %23 = load i32, ptr %22, align 8, !tbaa !24
  %24 = zext i32 %23 to i64
  %25 = mul nuw i64 %24, %21
  %26 = getelementptr inbounds nuw i8, ptr %20, i64 %25
  %27 = zext i32 %2 to i64
  %28 = getelementptr inbounds nuw i8, ptr %0, i64 36
  %29 = load i32, ptr %28, align 4, !tbaa !23
  %30 = zext i32 %29 to i64
  %31 = mul nuw i64 %30, %27
  %32 = getelementptr inbounds nuw i8, ptr %26, i64 %31
  br label %266

33:                                               ; preds = %11
  %34 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %35 = load i64, ptr %34, align 8, !tbaa !25
  %36 = getelementptr inbounds nuw i8, ptr %0, i64 %35
  %37 = zext i32 %7 to i64
  %38 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %39 = load i32, ptr %38, align 8, !tbaa !24
  %40 = zext i32 %39 to i64
  %41 = mul nuw i64 %40, %37
  %42 = getelementptr inbounds nuw i8, ptr %36, i64 %41
  br label %266

43:                                               ; preds = %3
  %44 = load i32, ptr %1, align 1
  %45 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %46 = load i32, ptr %45, align 8, !tbaa !17
  %47 = icmp ult i32 %44, %46
  br i1 %47, label %48, label %266

48:                                               ; preds = %43
  %49 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %50 = load i64, ptr %49, align 8, !tbaa !25
  %51 = getelementptr inbounds nuw i8, ptr %0, i64 %50
  %52 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %53 = load i32, ptr %52, align 8, !tbaa !24
  %54 = zext i32 %53 to i64
  %55 = zext i32 %44 to i64
  %56 = mul nuw i64 %54, %55
  %57 = getelementptr inbounds nuw i8, ptr %51, i64 %56
  %58 = load atomic i64, ptr %57 acquire, align 8
  %59 = icmp eq i64 %58, 0
  %60 = select i1 %59, ptr null, ptr %57
  br label %266

61:                                               ; preds = %3
  %62 = load i32, ptr %1, align 1
  %63 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %64 = load i32, ptr %63, align 8, !tbaa !17
  %65 = icmp ult i32 %62, %64
  br i1 %65, label %66, label %266

66:                                               ; preds = %61
  %67 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %68 = load i64, ptr %67, align 8, !tbaa !25
  %69 = getelementptr inbounds nuw i8, ptr %0, i64 %68
  %70 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %71 = load i32, ptr %70, align 8, !tbaa !24
  %72 = zext i32 %71 to i64
  %73 = zext i32 %62 to i64
  %74 = mul nuw i64 %72, %73
  %75 = getelementptr inbounds nuw i8, ptr %69, i64 %74
  %76 = load atomic i64, ptr %75 acquire, align 8
  %77 = inttoptr i64 %76 to ptr
  br label %266

78:                                               ; preds = %3, %3, %3, %3, %3
  %79 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %80 = load i32, ptr %79, align 8, !tbaa !15
  %81 = getelementptr inbounds nuw i8, ptr %0, i64 52
  %82 = load i32, ptr %81, align 4, !tbaa !38
  %83 = and i32 %80, 3
  %84 = icmp eq i32 %83, 0
  br i1 %84, label %85, label %88

85:                                               ; preds = %78
  %86 = lshr exact i32 %80, 2
  %87 = tail call i32 @ebpy_jhash2(ptr noundef readonly %1, i32 noundef %86, i32 noundef %82) #14
  br label %90

88:                                               ; preds = %78
  %89 = tail call i32 @ebpy_jhash(ptr noundef readonly %1, i32 noundef %80, i32 noundef %82) #14
  br label %90

90:                                               ; preds = %88, %85
  %91 = phi i32 [ %87, %85 ], [ %89, %88 ]
  switch i32 %5, label %96 [
    i32 10, label %92
    i32 6, label %92
    i32 5, label %92
  ]

92:                                               ; preds = %90, %90, %90
  %93 = getelementptr inbounds nuw i8, ptr %0, i64 24
  %94 = load i32, ptr %93, align 8, !tbaa !19
  %95 = icmp ult i32 %2, %94
  br i1 %95, label %96, label %266

96:                                               ; preds = %92, %90
  %97 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %98 = atomicrmw xchg ptr %97, i32 1 acquire, align 8
  %99 = icmp eq i32 %98, 0
  br i1 %99, label %107, label %100

100:                                              ; preds = %96, %103
  %101 = load atomic i32, ptr %97 monotonic, align 8
  %102 = icmp eq i32 %101, 0
  br i1 %102, label %104, label %103

103:                                              ; preds = %100, %104
  br label %100, !llvm.loop !47

104:                                              ; preds = %100
  %105 = atomicrmw xchg ptr %97, i32 1 acquire, align 8
  %106 = icmp eq i32 %105, 0
  br i1 %106, label %107, label %103

107:                                              ; preds = %104, %96
  %108 = getelementptr inbounds nuw i8, ptr %0, i64 144
  %109 = load i64, ptr %108, align 8, !tbaa !28
  %110 = getelementptr inbounds nuw i8, ptr %0, i64 %109
  %111 = getelementptr inbounds nuw i8, ptr %0, i64 48
  %112 = load i32, ptr %111, align 8, !tbaa !26
  %113 = add i32 %112, -1
  %114 = and i32 %113, %91
  %115 = zext i32 %114 to i64
  %116 = getelementptr inbounds nuw i32, ptr %110, i64 %115
  %117 = load i32, ptr %116, align 4, !tbaa !4
  %118 = icmp eq i32 %117, 0
  br i1 %118, label %247, label %119

119:                                              ; preds = %107
  %120 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %121 = load i64, ptr %120, align 8, !tbaa !29
  %122 = getelementptr inbounds nuw i8, ptr %0, i64 %121
  %123 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %124 = load i32, ptr %123, align 4, !tbaa !27
  %125 = zext i32 %124 to i64
  %126 = getelementptr inbounds nuw i8, ptr %0, i64 160
  br label %127

127:                                              ; preds = %186, %119
  %128 = phi i32 [ %117, %119 ], [ %187, %186 ]
  %129 = add i32 %128, -1
  %130 = zext i32 %129 to i64
  %131 = mul nuw i64 %130, %125
  %132 = getelementptr inbounds nuw i8, ptr %122, i64 %131
  %133 = getelementptr inbounds nuw i8, ptr %132, i64 4
  %134 = load i32, ptr %133, align 4, !tbaa !53
  %135 = icmp eq i32 %134, %91
  br i1 %135, label %136, label %186

136:                                              ; preds = %127
  %137 = load i64, ptr %126, align 8, !tbaa !30
  %138 = getelementptr inbounds nuw i8, ptr %0, i64 %137
  %139 = load i32, ptr %79, align 8, !tbaa !15
  %140 = zext i32 %139 to i64
  %141 = mul nuw i64 %140, %130
  %142 = getelementptr inbounds nuw i8, ptr %138, i64 %141
  %143 = icmp ugt i32 %139, 7
  br i1 %143, label %144, label %156

144:                                              ; preds = %136, %151
  %145 = phi i32 [ %154, %151 ], [ %139, %136 ]
  %146 = phi ptr [ %153, %151 ], [ %1, %136 ]
  %147 = phi ptr [ %152, %151 ], [ %142, %136 ]
  %148 = load i64, ptr %147, align 1
  %149 = load i64, ptr %146, align 1
  %150 = icmp eq i64 %148, %149
  br i1 %150, label %151, label %186

151:                                              ; preds = %144
  %152 = getelementptr inbounds nuw i8, ptr %147, i64 8
  %153 = getelementptr inbounds nuw i8, ptr %146, i64 8
  %154 = add i32 %145, -8
  %155 = icmp ugt i32 %154, 7
  br i1 %155, label %144, label %156, !llvm.loop !55

156:                                              ; preds = %151, %136
  %157 = phi ptr [ %142, %136 ], [ %152, %151 ]
  %158 = phi ptr [ %1, %136 ], [ %153, %151 ]
  %159 = phi i32 [ %139, %136 ], [ %154, %151 ]
  %160 = icmp samesign ugt i32 %159, 3
  br i1 %160, label %161, label %169

161:                                              ; preds = %156
  %162 = load i32, ptr %157, align 1
  %163 = load i32, ptr %158, align 1
  %164 = icmp eq i32 %162, %163
  br i1 %164, label %165, label %186

165:                                              ; preds = %161
  %166 = getelementptr inbounds nuw i8, ptr %157, i64 4
  %167 = getelementptr inbounds nuw i8, ptr %158, i64 4
  %168 = add nsw i32 %159, -4
  br label %169

169:                                              ; preds = %165, %156
  %170 = phi ptr [ %166, %165 ], [ %157, %156 ]
  %171 = phi ptr [ %167, %165 ], [ %158, %156 ]
  %172 = phi i32 [ %168, %165 ], [ %159, %156 ]
  %173 = icmp eq i32 %172, 0
  br i1 %173, label %189, label %174

174:                                              ; preds = %169, %181
  %175 = phi i32 [ %184, %181 ], [ %172, %169 ]
  %176 = phi ptr [ %183, %181 ], [ %171, %169 ]
  %177 = phi ptr [ %182, %181 ], [ %170, %169 ]
  %178 = load i8, ptr %177, align 1, !tbaa !10
  %179 = load i8, ptr %176, align 1, !tbaa !10
  %180 = icmp eq i8 %178, %179
  br i1 %180, label %181, label %186

181:                                              ; preds = %174
  %182 = getelementptr inbounds nuw i8, ptr %177, i64 1
  %183 = getelementptr inbounds nuw i8, ptr %176, i64 1
  %184 = add nsw i32 %175, -1
  %185 = icmp eq i32 %184, 0
  br i1 %185, label %189, label %174, !llvm.loop !56

186:                                              ; preds = %144, %174, %161, %127
  %187 = load i32, ptr %132, align 4, !tbaa !4
  %188 = icmp eq i32 %187, 0
  br i1 %188, label %247, label %127, !llvm.loop !57

189:                                              ; preds = %169, %181
  %190 = load i32, ptr %4, align 4, !tbaa !12
  %191 = add i32 %190, -11
  %192 = icmp ult i32 %191, -2
  br i1 %192, label %231, label %193

193:                                              ; preds = %189
  %194 = getelementptr inbounds nuw i8, ptr %0, i64 72
  %195 = load i32, ptr %194, align 8, !tbaa !58
  %196 = icmp eq i32 %195, %128
  br i1 %196, label %231, label %197

197:                                              ; preds = %193
  %198 = getelementptr inbounds nuw i8, ptr %132, i64 8
  %199 = load i32, ptr %198, align 4, !tbaa !59
  %200 = icmp eq i32 %199, 0
  %201 = getelementptr inbounds nuw i8, ptr %132, i64 12
  %202 = load i32, ptr %201, align 4, !tbaa !60
  br i1 %200, label %209, label %203

203:                                              ; preds = %197
  %204 = add i32 %199, -1
  %205 = zext i32 %204 to i64
  %206 = mul nuw i64 %205, %125
  %207 = getelementptr inbounds nuw i8, ptr %122, i64 %206
  %208 = getelementptr inbounds nuw i8, ptr %207, i64 12
  store i32 %202, ptr %208, align 4, !tbaa !60
  br label %209

209:                                              ; preds = %203, %197
  %210 = phi i32 [ %195, %203 ], [ %202, %197 ]
  %211 = icmp eq i32 %202, 0
  br i1 %211, label %218, label %212

212:                                              ; preds = %209
  %213 = add i32 %202, -1
  %214 = zext i32 %213 to i64
  %215 = mul nuw i64 %214, %125
  %216 = getelementptr inbounds nuw i8, ptr %122, i64 %215
  %217 = getelementptr inbounds nuw i8, ptr %216, i64 8
  store i32 %199, ptr %217, align 4, !tbaa !59
  br label %220

218:                                              ; preds = %209
  %219 = getelementptr inbounds nuw i8, ptr %0, i64 76
  store i32 %199, ptr %219, align 4, !tbaa !61
  br label %220

220:                                              ; preds = %218, %212
  store i32 0, ptr %198, align 4, !tbaa !59
  store i32 %210, ptr %201, align 4, !tbaa !60
  %221 = icmp eq i32 %210, 0
  br i1 %221, label %228, label %222

222:                                              ; preds = %220
  %223 = add i32 %210, -1
  %224 = zext i32 %223 to i64
  %225 = mul nuw i64 %224, %125
  %226 = getelementptr inbounds nuw i8, ptr %122, i64 %225
  %227 = getelementptr inbounds nuw i8, ptr %226, i64 8
  store i32 %128, ptr %227, align 4, !tbaa !59
  br label %230

228:                                              ; preds = %220
  %229 = getelementptr inbounds nuw i8, ptr %0, i64 76
  store i32 %128, ptr %229, align 4, !tbaa !61
  br label %230

230:                                              ; preds = %228, %222
  store i32 %128, ptr %194, align 8, !tbaa !58
  br label %231

231:                                              ; preds = %230, %193, %189
  %232 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %233 = load i64, ptr %232, align 8, !tbaa !25
  %234 = getelementptr inbounds nuw i8, ptr %0, i64 %233
  %235 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %236 = load i32, ptr %235, align 8, !tbaa !24
  %237 = zext i32 %236 to i64
  %238 = mul nuw i64 %237, %130
  %239 = getelementptr inbounds nuw i8, ptr %234, i64 %238
  switch i32 %190, label %248 [
    i32 10, label %240
    i32 6, label %240
    i32 5, label %240
  ]

240:                                              ; preds = %231, %231, %231
  %241 = zext i32 %2 to i64
  %242 = getelementptr inbounds nuw i8, ptr %0, i64 36
  %243 = load i32, ptr %242, align 4, !tbaa !23
  %244 = zext i32 %243 to i64
  %245 = mul nuw i64 %244, %241
  %246 = getelementptr inbounds nuw i8, ptr %239, i64 %245
  store atomic i32 0, ptr %97 release, align 8
  br label %266

247:                                              ; preds = %186, %107
  store atomic i32 0, ptr %97 release, align 8
  br label %266

248:                                              ; preds = %231
  store atomic i32 0, ptr %97 release, align 8
  %249 = icmp eq i32 %190, 13
  br i1 %249, label %250, label %266

250:                                              ; preds = %248
  %251 = load i64, ptr %239, align 1
  %252 = inttoptr i64 %251 to ptr
  br label %266

253:                                              ; preds = %3
  %254 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %255 = atomicrmw xchg ptr %254, i32 1 acquire, align 8
  %256 = icmp eq i32 %255, 0
  br i1 %256, label %264, label %257

257:                                              ; preds = %253, %260
  %258 = load atomic i32, ptr %254 monotonic, align 8
  %259 = icmp eq i32 %258, 0
  br i1 %259, label %261, label %260

260:                                              ; preds = %257, %261
  br label %257, !llvm.loop !47

261:                                              ; preds = %257
  %262 = atomicrmw xchg ptr %254, i32 1 acquire, align 8
  %263 = icmp eq i32 %262, 0
  br i1 %263, label %264, label %260

264:                                              ; preds = %261, %253
  %265 = tail call fastcc ptr @lpm_find(ptr noundef nonnull %0, ptr noundef readonly %1) #14
  store atomic i32 0, ptr %254 release, align 8
  br label %266

266:                                              ; preds = %61, %43, %250, %248, %247, %240, %92, %33, %17, %13, %6, %3, %66, %48, %264
  %267 = phi ptr [ null, %247 ], [ null, %3 ], [ %265, %264 ], [ %60, %48 ], [ null, %43 ], [ null, %61 ], [ %77, %66 ], [ %42, %33 ], [ null, %6 ], [ %32, %17 ], [ null, %13 ], [ %246, %240 ], [ null, %92 ], [ %252, %250 ], [ %239, %248 ]
  ret ptr %267
}

; Function Attrs: nofree norecurse nounwind memory(readwrite, inaccessiblemem: none, target_mem0: none, target_mem1: none)
define dso_local range(i64 -524, 1) i64 @ebpy_map_lookup_copy(ptr noundef %0, ptr noundef readonly captures(none) %1, ptr noundef captures(none) %2, i32 noundef %3) local_unnamed_addr #8 {
  %5 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %6 = load i32, ptr %5, align 4, !tbaa !12
  switch i32 %6, label %194 [
    i32 2, label %7
    i32 6, label %25
    i32 3, label %70
    i32 12, label %70
    i32 1, label %94
    i32 5, label %94
    i32 9, label %94
    i32 10, label %94
    i32 13, label %94
    i32 11, label %96
    i32 22, label %116
    i32 23, label %116
    i32 30, label %155
    i32 27, label %195
  ]

7:                                                ; preds = %4
  %8 = load i32, ptr %1, align 1
  %9 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %10 = load i32, ptr %9, align 8, !tbaa !17
  %11 = icmp ult i32 %8, %10
  br i1 %11, label %12, label %195

12:                                               ; preds = %7
  %13 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %14 = load i64, ptr %13, align 8, !tbaa !25
  %15 = getelementptr inbounds nuw i8, ptr %0, i64 %14
  %16 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %17 = load i32, ptr %16, align 8, !tbaa !24
  %18 = zext i32 %17 to i64
  %19 = zext i32 %8 to i64
  %20 = mul nuw i64 %18, %19
  %21 = getelementptr inbounds nuw i8, ptr %15, i64 %20
  %22 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %23 = load i32, ptr %22, align 4, !tbaa !16
  %24 = zext i32 %23 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %2, ptr nonnull readonly align 1 %21, i64 %24, i1 false)
  br label %195

25:                                               ; preds = %4
  %26 = icmp eq i32 %3, -1
  %27 = load i32, ptr %1, align 1
  %28 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %29 = load i32, ptr %28, align 8, !tbaa !17
  %30 = icmp ult i32 %27, %29
  br i1 %26, label %31, label %46

31:                                               ; preds = %25
  br i1 %30, label %32, label %195

32:                                               ; preds = %31
  %33 = getelementptr inbounds nuw i8, ptr %0, i64 24
  %34 = load i32, ptr %33, align 8, !tbaa !19
  %35 = icmp eq i32 %34, 0
  br i1 %35, label %195, label %36

36:                                               ; preds = %32
  %37 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %38 = load i64, ptr %37, align 8, !tbaa !25
  %39 = getelementptr inbounds nuw i8, ptr %0, i64 %38
  %40 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %41 = load i32, ptr %40, align 8, !tbaa !24
  %42 = zext i32 %41 to i64
  %43 = zext i32 %27 to i64
  %44 = mul nuw i64 %42, %43
  %45 = getelementptr inbounds nuw i8, ptr %39, i64 %44
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %2, ptr nonnull readonly align 1 %45, i64 %42, i1 false)
  br label %195

46:                                               ; preds = %25
  br i1 %30, label %47, label %195

47:                                               ; preds = %46
  %48 = getelementptr inbounds nuw i8, ptr %0, i64 24
  %49 = load i32, ptr %48, align 8, !tbaa !19
  %50 = icmp ult i32 %3, %49
  br i1 %50, label %51, label %195

51:                                               ; preds = %47
  %52 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %53 = load i64, ptr %52, align 8, !tbaa !25
  %54 = getelementptr inbounds nuw i8, ptr %0, i64 %53
  %55 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %56 = load i32, ptr %55, align 8, !tbaa !24
  %57 = zext i32 %56 to i64
  %58 = zext i32 %27 to i64
  %59 = mul nuw i64 %57, %58
  %60 = getelementptr inbounds nuw i8, ptr %54, i64 %59
  %61 = getelementptr inbounds nuw i8, ptr %0, i64 36
  %62 = load i32, ptr %61, align 4, !tbaa !23
  %63 = zext i32 %62 to i64
  %64 = zext i32 %3 to i64
  %65 = mul nuw i64 %63, %64
  %66 = getelementptr inbounds nuw i8, ptr %60, i64 %65
  %67 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %68 = load i32, ptr %67, align 4, !tbaa !16
  %69 = zext i32 %68 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %2, ptr nonnull readonly align 1 %66, i64 %69, i1 false)
  br label %195

70:                                               ; preds = %4, %4
  %71 = load i32, ptr %1, align 1
  %72 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %73 = load i32, ptr %72, align 8, !tbaa !17
  %74 = icmp ult i32 %71, %73
  br i1 %74, label %75, label %195

75:                                               ; preds = %70
  %76 = icmp eq i32 %6, 6
  br i1 %76, label %77, label %81

77:                                               ; preds = %75
  %78 = getelementptr inbounds nuw i8, ptr %0, i64 24
  %79 = load i32, ptr %78, align 8, !tbaa !19
  %80 = icmp eq i32 %79, 0
  br i1 %80, label %195, label %81

81:                                               ; preds = %75, %77
  %82 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %83 = load i64, ptr %82, align 8, !tbaa !25
  %84 = getelementptr inbounds nuw i8, ptr %0, i64 %83
  %85 = zext i32 %71 to i64
  %86 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %87 = load i32, ptr %86, align 8, !tbaa !24
  %88 = zext i32 %87 to i64
  %89 = mul nuw i64 %88, %85
  %90 = getelementptr inbounds nuw i8, ptr %84, i64 %89
  %91 = load atomic i64, ptr %90 acquire, align 8
  %92 = icmp eq i64 %91, 0
  br i1 %92, label %195, label %93

93:                                               ; preds = %81
  store i64 %91, ptr %2, align 1
  br label %195

94:                                               ; preds = %4, %4, %4, %4, %4
  %95 = tail call fastcc i64 @htab_lookup_copy(ptr noundef nonnull %0, ptr noundef %1, ptr noundef %2, i32 noundef %3, i32 noundef 0) #14
  br label %195

96:                                               ; preds = %4
  %97 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %98 = atomicrmw xchg ptr %97, i32 1 acquire, align 8
  %99 = icmp eq i32 %98, 0
  br i1 %99, label %107, label %100

100:                                              ; preds = %96, %103
  %101 = load atomic i32, ptr %97 monotonic, align 8
  %102 = icmp eq i32 %101, 0
  br i1 %102, label %104, label %103

103:                                              ; preds = %100, %104
  br label %100, !llvm.loop !47

104:                                              ; preds = %100
  %105 = atomicrmw xchg ptr %97, i32 1 acquire, align 8
  %106 = icmp eq i32 %105, 0
  br i1 %106, label %107, label %103

107:                                              ; preds = %104, %96
  %108 = tail call fastcc ptr @lpm_find(ptr noundef nonnull %0, ptr noundef %1) #14
  %109 = icmp eq ptr %108, null
  br i1 %109, label %114, label %110

110:                                              ; preds = %107
  %111 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %112 = load i32, ptr %111, align 4, !tbaa !16
  %113 = zext i32 %112 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %2, ptr nonnull readonly align 1 %108, i64 %113, i1 false)
  br label %114

114:                                              ; preds = %110, %107
  %115 = phi i64 [ 0, %110 ], [ -2, %107 ]
  store atomic i32 0, ptr %97 release, align 8
  br label %195

116:                                              ; preds = %4, %4
  %117 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %118 = load i32, ptr %117, align 8, !tbaa !17
  %119 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %120 = atomicrmw xchg ptr %119, i32 1 acquire, align 8
  %121 = icmp eq i32 %120, 0
  br i1 %121, label %129, label %122

122:                                              ; preds = %116, %125
  %123 = load atomic i32, ptr %119 monotonic, align 8
  %124 = icmp eq i32 %123, 0
  br i1 %124, label %126, label %125

125:                                              ; preds = %122, %126
  br label %122, !llvm.loop !47

126:                                              ; preds = %122
  %127 = atomicrmw xchg ptr %119, i32 1 acquire, align 8
  %128 = icmp eq i32 %127, 0
  br i1 %128, label %129, label %125

129:                                              ; preds = %126, %116
  %130 = getelementptr inbounds nuw i8, ptr %0, i64 92
  %131 = load i32, ptr %130, align 4, !tbaa !45
  %132 = getelementptr inbounds nuw i8, ptr %0, i64 96
  %133 = load i32, ptr %132, align 8, !tbaa !46
  %134 = icmp eq i32 %131, %133
  br i1 %134, label %135, label %139

135:                                              ; preds = %129
  store atomic i32 0, ptr %119 release, align 8
  %136 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %137 = load i32, ptr %136, align 4, !tbaa !16
  %138 = zext i32 %137 to i64
  tail call void @llvm.memset.p0.i64(ptr align 1 %2, i8 0, i64 %138, i1 false)
  br label %195

139:                                              ; preds = %129
  %140 = load i32, ptr %5, align 4, !tbaa !12
  %141 = icmp eq i32 %140, 22
  %142 = icmp eq i32 %131, 0
  %143 = add i32 %131, -1
  %144 = select i1 %142, i32 %118, i32 %143
  %145 = select i1 %141, i32 %133, i32 %144
  %146 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %147 = load i64, ptr %146, align 8, !tbaa !25
  %148 = getelementptr inbounds nuw i8, ptr %0, i64 %147
  %149 = zext i32 %145 to i64
  %150 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %151 = load i32, ptr %150, align 4, !tbaa !16
  %152 = zext i32 %151 to i64
  %153 = mul nuw i64 %152, %149
  %154 = getelementptr inbounds nuw i8, ptr %148, i64 %153
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %2, ptr readonly align 1 %154, i64 %152, i1 false)
  store atomic i32 0, ptr %119 release, align 8
  br label %195

155:                                              ; preds = %4
  %156 = getelementptr inbounds nuw i8, ptr %0, i64 100
  %157 = load i32, ptr %156, align 4, !tbaa !31
  %158 = icmp eq i32 %157, 0
  br i1 %158, label %195, label %159

159:                                              ; preds = %155
  %160 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %161 = load i32, ptr %160, align 4, !tbaa !16
  %162 = getelementptr inbounds nuw i8, ptr %0, i64 52
  %163 = load i32, ptr %162, align 4, !tbaa !38
  %164 = and i32 %161, 3
  %165 = icmp eq i32 %164, 0
  %166 = lshr exact i32 %161, 2
  %167 = getelementptr inbounds nuw i8, ptr %0, i64 104
  %168 = getelementptr inbounds nuw i8, ptr %0, i64 168
  br label %172

169:                                              ; preds = %179
  %170 = add nuw i32 %173, 1
  %171 = icmp eq i32 %170, %157
  br i1 %171, label %195, label %172, !llvm.loop !62

172:                                              ; preds = %169, %159
  %173 = phi i32 [ 0, %159 ], [ %170, %169 ]
  %174 = add i32 %173, %163
  br i1 %165, label %175, label %177

175:                                              ; preds = %172
  %176 = tail call i32 @ebpy_jhash2(ptr noundef readonly %2, i32 noundef %166, i32 noundef %174) #14
  br label %179

177:                                              ; preds = %172
  %178 = tail call i32 @ebpy_jhash(ptr noundef readonly %2, i32 noundef %161, i32 noundef %174) #14
  br label %179

179:                                              ; preds = %177, %175
  %180 = phi i32 [ %176, %175 ], [ %178, %177 ]
  %181 = load i32, ptr %167, align 8, !tbaa !32
  %182 = and i32 %181, %180
  %183 = load i64, ptr %168, align 8, !tbaa !25
  %184 = getelementptr inbounds nuw i8, ptr %0, i64 %183
  %185 = lshr i32 %182, 6
  %186 = zext nneg i32 %185 to i64
  %187 = getelementptr inbounds nuw i64, ptr %184, i64 %186
  %188 = load atomic i64, ptr %187 monotonic, align 8
  %189 = and i32 %182, 63
  %190 = zext nneg i32 %189 to i64
  %191 = shl nuw i64 1, %190
  %192 = and i64 %191, %188
  %193 = icmp eq i64 %192, 0
  br i1 %193, label %195, label %169

194:                                              ; preds = %4
  br label %195

195:                                              ; preds = %179, %169, %77, %70, %46, %47, %31, %32, %7, %155, %139, %135, %4, %93, %81, %194, %114, %94, %51, %36, %12
  %196 = phi i64 [ -22, %194 ], [ 0, %12 ], [ -2, %46 ], [ 0, %36 ], [ -2, %77 ], [ 0, %51 ], [ -2, %70 ], [ -2, %47 ], [ %95, %94 ], [ %115, %114 ], [ -2, %31 ], [ 0, %139 ], [ 0, %93 ], [ -2, %81 ], [ -524, %4 ], [ -2, %32 ], [ -2, %7 ], [ -2, %135 ], [ 0, %155 ], [ 0, %169 ], [ -2, %179 ]
  ret i64 %196
}

; Function Attrs: nofree norecurse nounwind memory(argmem: readwrite)
define internal fastcc range(i64 -22, 1) i64 @htab_lookup_copy(ptr noundef %0, ptr noundef readonly captures(none) %1, ptr noundef writeonly captures(none) %2, i32 noundef %3, i32 noundef range(i32 0, 2) %4) unnamed_addr #6 {
  %6 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %7 = load i32, ptr %6, align 8, !tbaa !15
  %8 = getelementptr inbounds nuw i8, ptr %0, i64 52
  %9 = load i32, ptr %8, align 4, !tbaa !38
  %10 = and i32 %7, 3
  %11 = icmp eq i32 %10, 0
  br i1 %11, label %12, label %15

12:                                               ; preds = %5
  %13 = lshr exact i32 %7, 2
  %14 = tail call i32 @ebpy_jhash2(ptr noundef readonly %1, i32 noundef %13, i32 noundef %9) #14
  br label %17

15:                                               ; preds = %5
  %16 = tail call i32 @ebpy_jhash(ptr noundef readonly %1, i32 noundef %7, i32 noundef %9) #14
  br label %17

17:                                               ; preds = %12, %15
  %18 = phi i32 [ %14, %12 ], [ %16, %15 ]
  %19 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %20 = load i32, ptr %19, align 4, !tbaa !12
  %21 = add i32 %20, -5
  %22 = icmp ult i32 %21, 2
  %23 = icmp eq i32 %20, 10
  %24 = or i1 %23, %22
  %25 = icmp ne i32 %3, -1
  %26 = and i1 %25, %24
  br i1 %26, label %27, label %31

27:                                               ; preds = %17
  %28 = getelementptr inbounds nuw i8, ptr %0, i64 24
  %29 = load i32, ptr %28, align 8, !tbaa !19
  %30 = icmp ult i32 %3, %29
  br i1 %30, label %31, label %206

31:                                               ; preds = %27, %17
  %32 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %33 = atomicrmw xchg ptr %32, i32 1 acquire, align 8
  %34 = icmp eq i32 %33, 0
  br i1 %34, label %42, label %35

35:                                               ; preds = %31, %38
  %36 = load atomic i32, ptr %32 monotonic, align 8
  %37 = icmp eq i32 %36, 0
  br i1 %37, label %39, label %38

38:                                               ; preds = %35, %39
  br label %35, !llvm.loop !47

39:                                               ; preds = %35
  %40 = atomicrmw xchg ptr %32, i32 1 acquire, align 8
  %41 = icmp eq i32 %40, 0
  br i1 %41, label %42, label %38

42:                                               ; preds = %39, %31
  %43 = getelementptr inbounds nuw i8, ptr %0, i64 144
  %44 = load i64, ptr %43, align 8, !tbaa !28
  %45 = getelementptr inbounds nuw i8, ptr %0, i64 %44
  %46 = getelementptr inbounds nuw i8, ptr %0, i64 48
  %47 = load i32, ptr %46, align 8, !tbaa !26
  %48 = add i32 %47, -1
  %49 = and i32 %48, %18
  %50 = zext i32 %49 to i64
  %51 = getelementptr inbounds nuw i32, ptr %45, i64 %50
  %52 = load i32, ptr %51, align 4, !tbaa !4
  %53 = icmp eq i32 %52, 0
  br i1 %53, label %204, label %54

54:                                               ; preds = %42
  %55 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %56 = load i64, ptr %55, align 8, !tbaa !29
  %57 = getelementptr inbounds nuw i8, ptr %0, i64 %56
  %58 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %59 = load i32, ptr %58, align 4, !tbaa !27
  %60 = zext i32 %59 to i64
  %61 = getelementptr inbounds nuw i8, ptr %0, i64 160
  br label %62

62:                                               ; preds = %122, %54
  %63 = phi i32 [ %52, %54 ], [ %123, %122 ]
  %64 = phi ptr [ %51, %54 ], [ %68, %122 ]
  %65 = add i32 %63, -1
  %66 = zext i32 %65 to i64
  %67 = mul nuw i64 %66, %60
  %68 = getelementptr inbounds nuw i8, ptr %57, i64 %67
  %69 = getelementptr inbounds nuw i8, ptr %68, i64 4
  %70 = load i32, ptr %69, align 4, !tbaa !53
  %71 = icmp eq i32 %70, %18
  br i1 %71, label %72, label %122

72:                                               ; preds = %62
  %73 = load i64, ptr %61, align 8, !tbaa !30
  %74 = getelementptr inbounds nuw i8, ptr %0, i64 %73
  %75 = load i32, ptr %6, align 8, !tbaa !15
  %76 = zext i32 %75 to i64
  %77 = mul nuw i64 %76, %66
  %78 = getelementptr inbounds nuw i8, ptr %74, i64 %77
  %79 = icmp ugt i32 %75, 7
  br i1 %79, label %80, label %92

80:                                               ; preds = %72, %87
  %81 = phi i32 [ %90, %87 ], [ %75, %72 ]
  %82 = phi ptr [ %89, %87 ], [ %1, %72 ]
  %83 = phi ptr [ %88, %87 ], [ %78, %72 ]
  %84 = load i64, ptr %83, align 1
  %85 = load i64, ptr %82, align 1
  %86 = icmp eq i64 %84, %85
  br i1 %86, label %87, label %122

87:                                               ; preds = %80
  %88 = getelementptr inbounds nuw i8, ptr %83, i64 8
  %89 = getelementptr inbounds nuw i8, ptr %82, i64 8
  %90 = add i32 %81, -8
  %91 = icmp ugt i32 %90, 7
  br i1 %91, label %80, label %92, !llvm.loop !55

92:                                               ; preds = %87, %72
  %93 = phi ptr [ %78, %72 ], [ %88, %87 ]
  %94 = phi ptr [ %1, %72 ], [ %89, %87 ]
  %95 = phi i32 [ %75, %72 ], [ %90, %87 ]
  %96 = icmp samesign ugt i32 %95, 3
  br i1 %96, label %97, label %105

97:                                               ; preds = %92
  %98 = load i32, ptr %93, align 1
  %99 = load i32, ptr %94, align 1
  %100 = icmp eq i32 %98, %99
  br i1 %100, label %101, label %122

101:                                              ; preds = %97
  %102 = getelementptr inbounds nuw i8, ptr %93, i64 4
  %103 = getelementptr inbounds nuw i8, ptr %94, i64 4
  %104 = add nsw i32 %95, -4
  br label %105

105:                                              ; preds = %101, %92
  %106 = phi ptr [ %102, %101 ], [ %93, %92 ]
  %107 = phi ptr [ %103, %101 ], [ %94, %92 ]
  %108 = phi i32 [ %104, %101 ], [ %95, %92 ]
  %109 = icmp eq i32 %108, 0
  br i1 %109, label %125, label %110

110:                                              ; preds = %105, %117
  %111 = phi i32 [ %120, %117 ], [ %108, %105 ]
  %112 = phi ptr [ %119, %117 ], [ %107, %105 ]
  %113 = phi ptr [ %118, %117 ], [ %106, %105 ]
  %114 = load i8, ptr %113, align 1, !tbaa !10
  %115 = load i8, ptr %112, align 1, !tbaa !10
  %116 = icmp eq i8 %114, %115
  br i1 %116, label %117, label %122

117:                                              ; preds = %110
  %118 = getelementptr inbounds nuw i8, ptr %113, i64 1
  %119 = getelementptr inbounds nuw i8, ptr %112, i64 1
  %120 = add nsw i32 %111, -1
  %121 = icmp eq i32 %120, 0
  br i1 %121, label %125, label %110, !llvm.loop !56

122:                                              ; preds = %80, %110, %97, %62
  %123 = load i32, ptr %68, align 4, !tbaa !4
  %124 = icmp eq i32 %123, 0
  br i1 %124, label %204, label %62, !llvm.loop !57

125:                                              ; preds = %105, %117
  %126 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %127 = load i64, ptr %126, align 8, !tbaa !25
  %128 = getelementptr inbounds nuw i8, ptr %0, i64 %127
  %129 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %130 = load i32, ptr %129, align 8, !tbaa !24
  %131 = zext i32 %130 to i64
  %132 = mul nuw i64 %131, %66
  %133 = getelementptr inbounds nuw i8, ptr %128, i64 %132
  %134 = load i32, ptr %19, align 4, !tbaa !12
  switch i32 %134, label %135 [
    i32 10, label %139
    i32 6, label %139
    i32 5, label %139
  ]

135:                                              ; preds = %125
  %136 = getelementptr inbounds nuw i8, ptr %0, i64 32
  %137 = load i32, ptr %136, align 8, !tbaa !22
  %138 = zext i32 %137 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %2, ptr nonnull readonly align 1 %133, i64 %138, i1 false)
  br label %152

139:                                              ; preds = %125, %125, %125
  %140 = icmp eq i32 %3, -1
  br i1 %140, label %141, label %142

141:                                              ; preds = %139
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %2, ptr nonnull readonly align 1 %133, i64 %131, i1 false)
  br label %152

142:                                              ; preds = %139
  %143 = zext i32 %3 to i64
  %144 = getelementptr inbounds nuw i8, ptr %0, i64 36
  %145 = load i32, ptr %144, align 4, !tbaa !23
  %146 = zext i32 %145 to i64
  %147 = mul nuw i64 %146, %143
  %148 = getelementptr inbounds nuw i8, ptr %133, i64 %147
  %149 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %150 = load i32, ptr %149, align 4, !tbaa !16
  %151 = zext i32 %150 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %2, ptr readonly align 1 %148, i64 %151, i1 false)
  br label %152

152:                                              ; preds = %135, %141, %142
  %153 = icmp eq i32 %4, 0
  br i1 %153, label %204, label %154

154:                                              ; preds = %152
  %155 = load i32, ptr %64, align 4, !tbaa !4
  %156 = load i64, ptr %55, align 8, !tbaa !29
  %157 = getelementptr inbounds nuw i8, ptr %0, i64 %156
  %158 = add i32 %155, -1
  %159 = zext i32 %158 to i64
  %160 = load i32, ptr %58, align 4, !tbaa !27
  %161 = zext i32 %160 to i64
  %162 = mul nuw i64 %161, %159
  %163 = getelementptr inbounds nuw i8, ptr %157, i64 %162
  %164 = load i32, ptr %163, align 4, !tbaa !63
  store i32 %164, ptr %64, align 4, !tbaa !4
  %165 = load i32, ptr %19, align 4, !tbaa !12
  %166 = add i32 %165, -11
  %167 = icmp ult i32 %166, -2
  %168 = load i32, ptr %58, align 4, !tbaa !27
  %169 = zext i32 %168 to i64
  %170 = mul nuw i64 %169, %159
  br i1 %167, label %197, label %171

171:                                              ; preds = %154
  %172 = getelementptr inbounds nuw i8, ptr %157, i64 %170
  %173 = getelementptr inbounds nuw i8, ptr %172, i64 8
  %174 = load i32, ptr %173, align 4, !tbaa !59
  %175 = icmp eq i32 %174, 0
  %176 = getelementptr inbounds nuw i8, ptr %172, i64 12
  %177 = load i32, ptr %176, align 4, !tbaa !60
  br i1 %175, label %184, label %178

178:                                              ; preds = %171
  %179 = add i32 %174, -1
  %180 = zext i32 %179 to i64
  %181 = mul nuw i64 %180, %169
  %182 = getelementptr inbounds nuw i8, ptr %157, i64 %181
  %183 = getelementptr inbounds nuw i8, ptr %182, i64 12
  store i32 %177, ptr %183, align 4, !tbaa !60
  br label %186

184:                                              ; preds = %171
  %185 = getelementptr inbounds nuw i8, ptr %0, i64 72
  store i32 %177, ptr %185, align 8, !tbaa !58
  br label %186

186:                                              ; preds = %184, %178
  %187 = icmp eq i32 %177, 0
  br i1 %187, label %194, label %188

188:                                              ; preds = %186
  %189 = add i32 %177, -1
  %190 = zext i32 %189 to i64
  %191 = mul nuw i64 %190, %169
  %192 = getelementptr inbounds nuw i8, ptr %157, i64 %191
  %193 = getelementptr inbounds nuw i8, ptr %192, i64 8
  store i32 %174, ptr %193, align 4, !tbaa !59
  br label %196

194:                                              ; preds = %186
  %195 = getelementptr inbounds nuw i8, ptr %0, i64 76
  store i32 %174, ptr %195, align 4, !tbaa !61
  br label %196

196:                                              ; preds = %194, %188
  store i32 0, ptr %173, align 4, !tbaa !59
  store i32 0, ptr %176, align 4, !tbaa !60
  br label %197

197:                                              ; preds = %154, %196
  %198 = getelementptr inbounds nuw i8, ptr %0, i64 68
  %199 = load i32, ptr %198, align 4, !tbaa !64
  %200 = getelementptr inbounds nuw i8, ptr %157, i64 %170
  store i32 %199, ptr %200, align 4, !tbaa !63
  store i32 %155, ptr %198, align 4, !tbaa !64
  %201 = getelementptr inbounds nuw i8, ptr %0, i64 60
  %202 = load i32, ptr %201, align 4, !tbaa !65
  %203 = add i32 %202, -1
  store i32 %203, ptr %201, align 4, !tbaa !65
  br label %204

204:                                              ; preds = %122, %42, %152, %197
  %205 = phi i64 [ 0, %197 ], [ 0, %152 ], [ -2, %42 ], [ -2, %122 ]
  store atomic i32 0, ptr %32 release, align 8
  br label %206

206:                                              ; preds = %27, %204
  %207 = phi i64 [ %205, %204 ], [ -22, %27 ]
  ret i64 %207
}

; Function Attrs: nofree norecurse nosync nounwind memory(argmem: read)
define internal fastcc ptr @lpm_find(ptr noundef readonly captures(ret: address, provenance) %0, ptr noundef readonly captures(none) %1) unnamed_addr #0 {
  %3 = load i32, ptr %1, align 1
  %4 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %5 = load i32, ptr %4, align 8, !tbaa !15
  %6 = add i32 %5, -4
  %7 = shl i32 %6, 3
  %8 = getelementptr inbounds nuw i8, ptr %1, i64 4
  %9 = icmp ugt i32 %3, %7
  br i1 %9, label %114, label %10

10:                                               ; preds = %2
  %11 = getelementptr inbounds nuw i8, ptr %0, i64 80
  %12 = load i32, ptr %11, align 4, !tbaa !4
  %13 = icmp eq i32 %12, 0
  br i1 %13, label %114, label %14

14:                                               ; preds = %10
  %15 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %16 = load i64, ptr %15, align 8, !tbaa !29
  %17 = getelementptr inbounds nuw i8, ptr %0, i64 %16
  %18 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %19 = load i32, ptr %18, align 4, !tbaa !27
  %20 = zext i32 %19 to i64
  %21 = icmp ne i32 %6, 0
  %22 = zext i32 %6 to i64
  br label %23

23:                                               ; preds = %14, %70
  %24 = phi i32 [ %12, %14 ], [ %86, %70 ]
  %25 = phi i32 [ 0, %14 ], [ %74, %70 ]
  %26 = add i32 %24, -1
  %27 = zext i32 %26 to i64
  %28 = mul nuw i64 %20, %27
  %29 = getelementptr inbounds nuw i8, ptr %17, i64 %28
  %30 = getelementptr inbounds nuw i8, ptr %29, i64 8
  %31 = load i32, ptr %30, align 4, !tbaa !4
  %32 = tail call noundef i32 @llvm.umin.i32(i32 %31, i32 %3)
  %33 = icmp ne i32 %32, 0
  %34 = and i1 %21, %33
  br i1 %34, label %35, label %65

35:                                               ; preds = %23
  %36 = getelementptr inbounds nuw i8, ptr %29, i64 16
  %37 = load i8, ptr %36, align 1, !tbaa !10
  %38 = load i8, ptr %8, align 1, !tbaa !10
  %39 = icmp eq i8 %37, %38
  br i1 %39, label %40, label %56

40:                                               ; preds = %35, %48
  %41 = phi i64 [ %42, %48 ], [ 0, %35 ]
  %42 = add nuw nsw i64 %41, 1
  %43 = icmp samesign ult i64 %42, %22
  %44 = trunc nuw i64 %42 to i32
  %45 = shl i32 %44, 3
  %46 = icmp ult i32 %45, %32
  %47 = and i1 %43, %46
  br i1 %47, label %48, label %65, !llvm.loop !66

48:                                               ; preds = %40
  %49 = getelementptr inbounds nuw i8, ptr %36, i64 %42
  %50 = load i8, ptr %49, align 1, !tbaa !10
  %51 = getelementptr inbounds nuw i8, ptr %8, i64 %42
  %52 = load i8, ptr %51, align 1, !tbaa !10
  %53 = icmp eq i8 %50, %52
  br i1 %53, label %40, label %54, !llvm.loop !66

54:                                               ; preds = %48
  %55 = add i32 %45, -24
  br label %56

56:                                               ; preds = %54, %35
  %57 = phi i32 [ -24, %35 ], [ %55, %54 ]
  %58 = phi i8 [ %37, %35 ], [ %50, %54 ]
  %59 = phi i8 [ %38, %35 ], [ %52, %54 ]
  %60 = xor i8 %59, %58
  %61 = zext i8 %60 to i32
  %62 = tail call range(i32 24, 33) i32 @llvm.ctlz.i32(i32 %61, i1 true)
  %63 = add i32 %57, %62
  %64 = tail call noundef i32 @llvm.umin.i32(i32 %63, i32 %32)
  br label %65

65:                                               ; preds = %40, %23, %56
  %66 = phi i32 [ %64, %56 ], [ %32, %23 ], [ %32, %40 ]
  %67 = icmp eq i32 %66, %7
  br i1 %67, label %88, label %68

68:                                               ; preds = %65
  %69 = icmp ult i32 %66, %31
  br i1 %69, label %88, label %70

70:                                               ; preds = %68
  %71 = getelementptr inbounds nuw i8, ptr %29, i64 12
  %72 = load i32, ptr %71, align 4, !tbaa !4
  %73 = icmp eq i32 %72, 0
  %74 = select i1 %73, i32 %25, i32 %24
  %75 = lshr i32 %31, 3
  %76 = zext nneg i32 %75 to i64
  %77 = getelementptr inbounds nuw i8, ptr %8, i64 %76
  %78 = load i8, ptr %77, align 1, !tbaa !10
  %79 = zext i8 %78 to i32
  %80 = and i32 %31, 7
  %81 = xor i32 %80, 7
  %82 = lshr i32 %79, %81
  %83 = and i32 %82, 1
  %84 = zext nneg i32 %83 to i64
  %85 = getelementptr inbounds nuw i32, ptr %29, i64 %84
  %86 = load i32, ptr %85, align 4, !tbaa !4
  %87 = icmp eq i32 %86, 0
  br i1 %87, label %88, label %23

88:                                               ; preds = %70, %65, %68
  %89 = phi i32 [ %24, %65 ], [ %74, %70 ], [ %25, %68 ]
  %90 = icmp eq i32 %89, 0
  br i1 %90, label %114, label %91

91:                                               ; preds = %88
  %92 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %93 = load i64, ptr %92, align 8, !tbaa !29
  %94 = getelementptr inbounds nuw i8, ptr %0, i64 %93
  %95 = add i32 %89, -1
  %96 = zext i32 %95 to i64
  %97 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %98 = load i32, ptr %97, align 4, !tbaa !27
  %99 = zext i32 %98 to i64
  %100 = mul nuw i64 %99, %96
  %101 = getelementptr inbounds nuw i8, ptr %94, i64 %100
  %102 = getelementptr inbounds nuw i8, ptr %101, i64 12
  %103 = load i32, ptr %102, align 4, !tbaa !4
  %104 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %105 = load i64, ptr %104, align 8, !tbaa !25
  %106 = getelementptr inbounds nuw i8, ptr %0, i64 %105
  %107 = add i32 %103, -1
  %108 = zext i32 %107 to i64
  %109 = getelementptr inbounds nuw i8, ptr %0, i64 36
  %110 = load i32, ptr %109, align 4, !tbaa !23
  %111 = zext i32 %110 to i64
  %112 = mul nuw i64 %111, %108
  %113 = getelementptr inbounds nuw i8, ptr %106, i64 %112
  br label %114

114:                                              ; preds = %10, %91, %88, %2
  %115 = phi ptr [ null, %2 ], [ %113, %91 ], [ null, %88 ], [ null, %10 ]
  ret ptr %115
}

; Function Attrs: nofree norecurse nounwind memory(readwrite, inaccessiblemem: none, target_mem0: none, target_mem1: none)
define dso_local range(i64 -524, 1) i64 @ebpy_map_update(ptr noundef %0, ptr noundef readonly captures(none) %1, ptr noundef readonly captures(none) %2, i64 noundef %3, i32 noundef %4) local_unnamed_addr #8 {
  %6 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %7 = load i32, ptr %6, align 4, !tbaa !12
  switch i32 %7, label %466 [
    i32 2, label %8
    i32 6, label %8
    i32 3, label %57
    i32 12, label %57
    i32 13, label %117
    i32 1, label %160
    i32 5, label %160
    i32 9, label %160
    i32 10, label %160
    i32 11, label %162
    i32 22, label %381
    i32 23, label %381
    i32 30, label %427
    i32 27, label %467
  ]

8:                                                ; preds = %5, %5
  %9 = load i32, ptr %1, align 1
  %10 = icmp eq i32 %7, 6
  br i1 %10, label %11, label %13

11:                                               ; preds = %8
  %12 = icmp ugt i64 %3, 2
  br i1 %12, label %467, label %16

13:                                               ; preds = %8
  %14 = and i64 %3, -5
  %15 = icmp ugt i64 %14, 2
  br i1 %15, label %467, label %16

16:                                               ; preds = %13, %11
  %17 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %18 = load i32, ptr %17, align 8, !tbaa !17
  %19 = icmp ult i32 %9, %18
  br i1 %19, label %20, label %467

20:                                               ; preds = %16
  %21 = and i64 %3, 1
  %22 = icmp eq i64 %21, 0
  br i1 %22, label %23, label %467

23:                                               ; preds = %20
  %24 = and i64 %3, 4
  %25 = icmp eq i64 %24, 0
  br i1 %25, label %26, label %467

26:                                               ; preds = %23
  %27 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %28 = load i64, ptr %27, align 8, !tbaa !25
  %29 = getelementptr inbounds nuw i8, ptr %0, i64 %28
  %30 = zext i32 %9 to i64
  %31 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %32 = load i32, ptr %31, align 8, !tbaa !24
  %33 = zext i32 %32 to i64
  %34 = mul nuw i64 %33, %30
  %35 = getelementptr inbounds nuw i8, ptr %29, i64 %34
  br i1 %10, label %40, label %36

36:                                               ; preds = %26
  %37 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %38 = load i32, ptr %37, align 4, !tbaa !16
  %39 = zext i32 %38 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr nonnull align 1 %35, ptr readonly align 1 %2, i64 %39, i1 false)
  br label %467

40:                                               ; preds = %26
  %41 = icmp eq i32 %4, -1
  br i1 %41, label %42, label %43

42:                                               ; preds = %40
  tail call void @llvm.memcpy.p0.p0.i64(ptr nonnull align 1 %35, ptr readonly align 1 %2, i64 %33, i1 false)
  br label %467

43:                                               ; preds = %40
  %44 = getelementptr inbounds nuw i8, ptr %0, i64 24
  %45 = load i32, ptr %44, align 8, !tbaa !19
  %46 = icmp ult i32 %4, %45
  br i1 %46, label %47, label %467

47:                                               ; preds = %43
  %48 = zext i32 %4 to i64
  %49 = getelementptr inbounds nuw i8, ptr %0, i64 36
  %50 = load i32, ptr %49, align 4, !tbaa !23
  %51 = zext i32 %50 to i64
  %52 = mul nuw i64 %51, %48
  %53 = getelementptr inbounds nuw i8, ptr %35, i64 %52
  %54 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %55 = load i32, ptr %54, align 4, !tbaa !16
  %56 = zext i32 %55 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %53, ptr readonly align 1 %2, i64 %56, i1 false)
  br label %467

57:                                               ; preds = %5, %5
  %58 = load i32, ptr %1, align 1
  %59 = load i64, ptr %2, align 1
  %60 = icmp eq i64 %3, 0
  br i1 %60, label %61, label %467

61:                                               ; preds = %57
  %62 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %63 = load i32, ptr %62, align 8, !tbaa !17
  %64 = icmp ult i32 %58, %63
  br i1 %64, label %65, label %467

65:                                               ; preds = %61
  %66 = icmp eq i32 %7, 12
  br i1 %66, label %67, label %107

67:                                               ; preds = %65
  %68 = inttoptr i64 %59 to ptr
  %69 = icmp eq i64 %59, 0
  br i1 %69, label %467, label %70

70:                                               ; preds = %67
  %71 = load atomic i32, ptr %68 acquire, align 8
  %72 = icmp eq i32 %71, 1297698885
  br i1 %72, label %73, label %467

73:                                               ; preds = %70
  %74 = getelementptr inbounds nuw i8, ptr %68, i64 4
  %75 = load i32, ptr %74, align 4, !tbaa !12
  %76 = getelementptr inbounds nuw i8, ptr %0, i64 108
  %77 = load i32, ptr %76, align 4, !tbaa !39
  %78 = icmp eq i32 %75, %77
  br i1 %78, label %79, label %467

79:                                               ; preds = %73
  %80 = getelementptr inbounds nuw i8, ptr %68, i64 8
  %81 = load i32, ptr %80, align 8, !tbaa !15
  %82 = getelementptr inbounds nuw i8, ptr %0, i64 112
  %83 = load i32, ptr %82, align 8, !tbaa !40
  %84 = icmp eq i32 %81, %83
  br i1 %84, label %85, label %467

85:                                               ; preds = %79
  %86 = getelementptr inbounds nuw i8, ptr %68, i64 12
  %87 = load i32, ptr %86, align 4, !tbaa !16
  %88 = getelementptr inbounds nuw i8, ptr %0, i64 116
  %89 = load i32, ptr %88, align 4, !tbaa !41
  %90 = icmp eq i32 %87, %89
  br i1 %90, label %91, label %467

91:                                               ; preds = %85
  %92 = getelementptr inbounds nuw i8, ptr %68, i64 20
  %93 = load i32, ptr %92, align 4, !tbaa !18
  %94 = getelementptr inbounds nuw i8, ptr %0, i64 124
  %95 = load i32, ptr %94, align 4, !tbaa !43
  %96 = icmp eq i32 %93, %95
  br i1 %96, label %97, label %467

97:                                               ; preds = %91
  switch i32 %75, label %107 [
    i32 2, label %98
    i32 6, label %98
  ]

98:                                               ; preds = %97, %97
  %99 = and i32 %93, 4096
  %100 = icmp eq i32 %99, 0
  br i1 %100, label %101, label %107

101:                                              ; preds = %98
  %102 = getelementptr inbounds nuw i8, ptr %68, i64 16
  %103 = load i32, ptr %102, align 8, !tbaa !17
  %104 = getelementptr inbounds nuw i8, ptr %0, i64 120
  %105 = load i32, ptr %104, align 8, !tbaa !42
  %106 = icmp eq i32 %103, %105
  br i1 %106, label %107, label %467

107:                                              ; preds = %101, %98, %97, %65
  %108 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %109 = load i64, ptr %108, align 8, !tbaa !25
  %110 = getelementptr inbounds nuw i8, ptr %0, i64 %109
  %111 = zext i32 %58 to i64
  %112 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %113 = load i32, ptr %112, align 8, !tbaa !24
  %114 = zext i32 %113 to i64
  %115 = mul nuw i64 %114, %111
  %116 = getelementptr inbounds nuw i8, ptr %110, i64 %115
  store atomic i64 %59, ptr %116 release, align 8
  br label %467

117:                                              ; preds = %5
  %118 = load i64, ptr %2, align 1
  %119 = inttoptr i64 %118 to ptr
  %120 = icmp eq i64 %118, 0
  br i1 %120, label %467, label %121

121:                                              ; preds = %117
  %122 = load atomic i32, ptr %119 acquire, align 8
  %123 = icmp eq i32 %122, 1297698885
  br i1 %123, label %124, label %467

124:                                              ; preds = %121
  %125 = getelementptr inbounds nuw i8, ptr %119, i64 4
  %126 = load i32, ptr %125, align 4, !tbaa !12
  %127 = getelementptr inbounds nuw i8, ptr %0, i64 108
  %128 = load i32, ptr %127, align 4, !tbaa !39
  %129 = icmp eq i32 %126, %128
  br i1 %129, label %130, label %467

130:                                              ; preds = %124
  %131 = getelementptr inbounds nuw i8, ptr %119, i64 8
  %132 = load i32, ptr %131, align 8, !tbaa !15
  %133 = getelementptr inbounds nuw i8, ptr %0, i64 112
  %134 = load i32, ptr %133, align 8, !tbaa !40
  %135 = icmp eq i32 %132, %134
  br i1 %135, label %136, label %467

136:                                              ; preds = %130
  %137 = getelementptr inbounds nuw i8, ptr %119, i64 12
  %138 = load i32, ptr %137, align 4, !tbaa !16
  %139 = getelementptr inbounds nuw i8, ptr %0, i64 116
  %140 = load i32, ptr %139, align 4, !tbaa !41
  %141 = icmp eq i32 %138, %140
  br i1 %141, label %142, label %467

142:                                              ; preds = %136
  %143 = getelementptr inbounds nuw i8, ptr %119, i64 20
  %144 = load i32, ptr %143, align 4, !tbaa !18
  %145 = getelementptr inbounds nuw i8, ptr %0, i64 124
  %146 = load i32, ptr %145, align 4, !tbaa !43
  %147 = icmp eq i32 %144, %146
  br i1 %147, label %148, label %467

148:                                              ; preds = %142
  switch i32 %126, label %158 [
    i32 2, label %149
    i32 6, label %149
  ]

149:                                              ; preds = %148, %148
  %150 = and i32 %144, 4096
  %151 = icmp eq i32 %150, 0
  br i1 %151, label %152, label %158

152:                                              ; preds = %149
  %153 = getelementptr inbounds nuw i8, ptr %119, i64 16
  %154 = load i32, ptr %153, align 8, !tbaa !17
  %155 = getelementptr inbounds nuw i8, ptr %0, i64 120
  %156 = load i32, ptr %155, align 8, !tbaa !42
  %157 = icmp eq i32 %154, %156
  br i1 %157, label %158, label %467

158:                                              ; preds = %152, %149, %148
  %159 = tail call fastcc i64 @htab_update(ptr noundef nonnull %0, ptr noundef %1, ptr noundef nonnull %2, i64 noundef %3, i32 noundef %4) #14
  br label %467

160:                                              ; preds = %5, %5, %5, %5
  %161 = tail call fastcc i64 @htab_update(ptr noundef nonnull %0, ptr noundef %1, ptr noundef %2, i64 noundef %3, i32 noundef %4) #14
  br label %467

162:                                              ; preds = %5
  %163 = load i32, ptr %1, align 1
  %164 = getelementptr inbounds nuw i8, ptr %1, i64 4
  %165 = icmp ugt i64 %3, 2
  br i1 %165, label %467, label %166

166:                                              ; preds = %162
  %167 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %168 = load i32, ptr %167, align 8, !tbaa !15
  %169 = shl i32 %168, 3
  %170 = add i32 %169, -32
  %171 = icmp ugt i32 %163, %170
  br i1 %171, label %467, label %172

172:                                              ; preds = %166
  %173 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %174 = atomicrmw xchg ptr %173, i32 1 acquire, align 8
  %175 = icmp eq i32 %174, 0
  br i1 %175, label %183, label %176

176:                                              ; preds = %172, %179
  %177 = load atomic i32, ptr %173 monotonic, align 8
  %178 = icmp eq i32 %177, 0
  br i1 %178, label %180, label %179

179:                                              ; preds = %176, %180
  br label %176, !llvm.loop !47

180:                                              ; preds = %176
  %181 = atomicrmw xchg ptr %173, i32 1 acquire, align 8
  %182 = icmp eq i32 %181, 0
  br i1 %182, label %183, label %179

183:                                              ; preds = %180, %172
  %184 = getelementptr inbounds nuw i8, ptr %0, i64 80
  %185 = load i32, ptr %184, align 4, !tbaa !4
  %186 = icmp eq i32 %185, 0
  br i1 %186, label %259, label %187

187:                                              ; preds = %183
  %188 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %189 = load i64, ptr %188, align 8, !tbaa !29
  %190 = getelementptr inbounds nuw i8, ptr %0, i64 %189
  %191 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %192 = load i32, ptr %191, align 4, !tbaa !27
  %193 = zext i32 %192 to i64
  %194 = load i32, ptr %167, align 8, !tbaa !15
  %195 = add i32 %194, -4
  %196 = icmp ne i32 %195, 0
  %197 = zext i32 %195 to i64
  br label %198

198:                                              ; preds = %245, %187
  %199 = phi i32 [ %185, %187 ], [ %257, %245 ]
  %200 = phi ptr [ %184, %187 ], [ %256, %245 ]
  %201 = add i32 %199, -1
  %202 = zext i32 %201 to i64
  %203 = mul nuw i64 %202, %193
  %204 = getelementptr inbounds nuw i8, ptr %190, i64 %203
  %205 = getelementptr inbounds nuw i8, ptr %204, i64 8
  %206 = load i32, ptr %205, align 4, !tbaa !4
  %207 = tail call noundef i32 @llvm.umin.i32(i32 %206, i32 %163)
  %208 = icmp ne i32 %207, 0
  %209 = and i1 %196, %208
  br i1 %209, label %210, label %240

210:                                              ; preds = %198
  %211 = getelementptr inbounds nuw i8, ptr %204, i64 16
  %212 = load i8, ptr %211, align 1, !tbaa !10
  %213 = load i8, ptr %164, align 1, !tbaa !10
  %214 = icmp eq i8 %212, %213
  br i1 %214, label %215, label %231

215:                                              ; preds = %210, %223
  %216 = phi i64 [ %217, %223 ], [ 0, %210 ]
  %217 = add nuw nsw i64 %216, 1
  %218 = icmp samesign ult i64 %217, %197
  %219 = trunc nuw i64 %217 to i32
  %220 = shl i32 %219, 3
  %221 = icmp ult i32 %220, %207
  %222 = and i1 %218, %221
  br i1 %222, label %223, label %240, !llvm.loop !66

223:                                              ; preds = %215
  %224 = getelementptr inbounds nuw i8, ptr %211, i64 %217
  %225 = load i8, ptr %224, align 1, !tbaa !10
  %226 = getelementptr inbounds nuw i8, ptr %164, i64 %217
  %227 = load i8, ptr %226, align 1, !tbaa !10
  %228 = icmp eq i8 %225, %227
  br i1 %228, label %215, label %229, !llvm.loop !66

229:                                              ; preds = %223
  %230 = add i32 %220, -24
  br label %231

231:                                              ; preds = %229, %210
  %232 = phi i32 [ -24, %210 ], [ %230, %229 ]
  %233 = phi i8 [ %212, %210 ], [ %225, %229 ]
  %234 = phi i8 [ %213, %210 ], [ %227, %229 ]
  %235 = xor i8 %234, %233
  %236 = zext i8 %235 to i32
  %237 = tail call range(i32 24, 33) i32 @llvm.ctlz.i32(i32 %236, i1 true)
  %238 = add i32 %237, %232
  %239 = tail call noundef i32 @llvm.umin.i32(i32 %238, i32 %207)
  br label %240

240:                                              ; preds = %215, %231, %198
  %241 = phi i32 [ %239, %231 ], [ %207, %198 ], [ %207, %215 ]
  %242 = icmp ne i32 %206, %241
  %243 = icmp eq i32 %206, %163
  %244 = select i1 %242, i1 true, i1 %243
  br i1 %244, label %273, label %245

245:                                              ; preds = %240
  %246 = lshr i32 %206, 3
  %247 = zext nneg i32 %246 to i64
  %248 = getelementptr inbounds nuw i8, ptr %164, i64 %247
  %249 = load i8, ptr %248, align 1, !tbaa !10
  %250 = zext i8 %249 to i32
  %251 = and i32 %206, 7
  %252 = xor i32 %251, 7
  %253 = lshr i32 %250, %252
  %254 = and i32 %253, 1
  %255 = zext nneg i32 %254 to i64
  %256 = getelementptr inbounds nuw i32, ptr %204, i64 %255
  %257 = load i32, ptr %256, align 4, !tbaa !4
  %258 = icmp eq i32 %257, 0
  br i1 %258, label %259, label %198, !llvm.loop !67

259:                                              ; preds = %245, %183
  %260 = phi ptr [ %184, %183 ], [ %256, %245 ]
  %261 = icmp eq i64 %3, 2
  br i1 %261, label %379, label %262

262:                                              ; preds = %259
  %263 = getelementptr inbounds nuw i8, ptr %0, i64 60
  %264 = load i32, ptr %263, align 4, !tbaa !65
  %265 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %266 = load i32, ptr %265, align 8, !tbaa !17
  %267 = icmp eq i32 %264, %266
  br i1 %267, label %379, label %268

268:                                              ; preds = %262
  %269 = add i32 %264, 1
  store i32 %269, ptr %263, align 4, !tbaa !65
  %270 = tail call fastcc i32 @lpm_new_node(ptr noundef nonnull %0, i32 noundef %163, ptr noundef nonnull readonly %164, ptr noundef readonly %2) #14
  %271 = icmp eq i32 %270, 0
  br i1 %271, label %375, label %272

272:                                              ; preds = %268
  store i32 %270, ptr %260, align 4, !tbaa !4
  br label %379

273:                                              ; preds = %240
  %274 = icmp eq i32 %206, %241
  br i1 %274, label %275, label %294

275:                                              ; preds = %273
  %276 = getelementptr inbounds nuw i8, ptr %204, i64 12
  %277 = load i32, ptr %276, align 4, !tbaa !4
  %278 = icmp eq i32 %277, 0
  br i1 %278, label %281, label %279

279:                                              ; preds = %275
  %280 = icmp eq i64 %3, 1
  br i1 %280, label %379, label %291

281:                                              ; preds = %275
  %282 = icmp eq i64 %3, 2
  br i1 %282, label %379, label %283

283:                                              ; preds = %281
  %284 = getelementptr inbounds nuw i8, ptr %0, i64 60
  %285 = load i32, ptr %284, align 4, !tbaa !65
  %286 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %287 = load i32, ptr %286, align 8, !tbaa !17
  %288 = icmp eq i32 %285, %287
  br i1 %288, label %379, label %289

289:                                              ; preds = %283
  %290 = add i32 %285, 1
  store i32 %290, ptr %284, align 4, !tbaa !65
  br label %291

291:                                              ; preds = %289, %279
  %292 = tail call fastcc i64 @lpm_fill(ptr noundef nonnull %0, i32 noundef %199, i32 noundef %163, ptr noundef nonnull readonly %164, ptr noundef readonly %2) #14
  %293 = icmp eq i64 %292, 0
  br i1 %293, label %379, label %375

294:                                              ; preds = %273
  %295 = icmp eq i64 %3, 2
  br i1 %295, label %379, label %296

296:                                              ; preds = %294
  %297 = getelementptr inbounds nuw i8, ptr %0, i64 60
  %298 = load i32, ptr %297, align 4, !tbaa !65
  %299 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %300 = load i32, ptr %299, align 8, !tbaa !17
  %301 = icmp eq i32 %298, %300
  br i1 %301, label %379, label %302

302:                                              ; preds = %296
  %303 = add i32 %298, 1
  store i32 %303, ptr %297, align 4, !tbaa !65
  %304 = icmp eq i32 %241, %163
  br i1 %304, label %305, label %329

305:                                              ; preds = %302
  %306 = tail call fastcc i32 @lpm_new_node(ptr noundef nonnull %0, i32 noundef %163, ptr noundef nonnull readonly %164, ptr noundef readonly %2) #14
  %307 = icmp eq i32 %306, 0
  br i1 %307, label %375, label %308

308:                                              ; preds = %305
  %309 = load i64, ptr %188, align 8, !tbaa !29
  %310 = getelementptr inbounds nuw i8, ptr %0, i64 %309
  %311 = add i32 %306, -1
  %312 = zext i32 %311 to i64
  %313 = load i32, ptr %191, align 4, !tbaa !27
  %314 = zext i32 %313 to i64
  %315 = mul nuw i64 %314, %312
  %316 = getelementptr inbounds nuw i8, ptr %310, i64 %315
  %317 = getelementptr inbounds nuw i8, ptr %204, i64 16
  %318 = lshr i32 %163, 3
  %319 = zext nneg i32 %318 to i64
  %320 = getelementptr inbounds nuw i8, ptr %317, i64 %319
  %321 = load i8, ptr %320, align 1, !tbaa !10
  %322 = zext i8 %321 to i32
  %323 = and i32 %163, 7
  %324 = xor i32 %323, 7
  %325 = lshr i32 %322, %324
  %326 = and i32 %325, 1
  %327 = zext nneg i32 %326 to i64
  %328 = getelementptr inbounds nuw i32, ptr %316, i64 %327
  store i32 %199, ptr %328, align 4, !tbaa !4
  store i32 %306, ptr %200, align 4, !tbaa !4
  br label %379

329:                                              ; preds = %302
  %330 = tail call fastcc i32 @lpm_node_alloc(ptr noundef nonnull %0) #14
  %331 = icmp eq i32 %330, 0
  br i1 %331, label %375, label %332

332:                                              ; preds = %329
  %333 = tail call fastcc i32 @lpm_new_node(ptr noundef nonnull %0, i32 noundef %163, ptr noundef nonnull readonly %164, ptr noundef readonly %2) #14
  %334 = icmp eq i32 %333, 0
  br i1 %334, label %335, label %346

335:                                              ; preds = %332
  %336 = getelementptr inbounds nuw i8, ptr %0, i64 68
  %337 = load i32, ptr %336, align 4, !tbaa !64
  %338 = load i64, ptr %188, align 8, !tbaa !29
  %339 = getelementptr inbounds nuw i8, ptr %0, i64 %338
  %340 = add i32 %330, -1
  %341 = zext i32 %340 to i64
  %342 = load i32, ptr %191, align 4, !tbaa !27
  %343 = zext i32 %342 to i64
  %344 = mul nuw i64 %343, %341
  %345 = getelementptr inbounds nuw i8, ptr %339, i64 %344
  store i32 %337, ptr %345, align 4, !tbaa !4
  store i32 %330, ptr %336, align 4, !tbaa !64
  br label %375

346:                                              ; preds = %332
  %347 = load i64, ptr %188, align 8, !tbaa !29
  %348 = getelementptr inbounds nuw i8, ptr %0, i64 %347
  %349 = add i32 %330, -1
  %350 = zext i32 %349 to i64
  %351 = load i32, ptr %191, align 4, !tbaa !27
  %352 = zext i32 %351 to i64
  %353 = mul nuw i64 %352, %350
  %354 = getelementptr inbounds nuw i8, ptr %348, i64 %353
  %355 = getelementptr inbounds nuw i8, ptr %354, i64 8
  store i32 %241, ptr %355, align 4, !tbaa !4
  %356 = getelementptr inbounds nuw i8, ptr %354, i64 12
  store i32 0, ptr %356, align 4, !tbaa !4
  %357 = getelementptr inbounds nuw i8, ptr %354, i64 16
  %358 = getelementptr inbounds nuw i8, ptr %204, i64 16
  %359 = load i32, ptr %167, align 8, !tbaa !15
  %360 = add i32 %359, -4
  %361 = zext i32 %360 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr nonnull align 1 %357, ptr nonnull readonly align 1 %358, i64 %361, i1 false)
  %362 = lshr i32 %241, 3
  %363 = zext nneg i32 %362 to i64
  %364 = getelementptr inbounds nuw i8, ptr %164, i64 %363
  %365 = load i8, ptr %364, align 1, !tbaa !10
  %366 = zext i8 %365 to i32
  %367 = and i32 %241, 7
  %368 = xor i32 %367, 7
  %369 = shl nuw nsw i32 1, %368
  %370 = and i32 %369, %366
  %371 = icmp eq i32 %370, 0
  %372 = select i1 %371, i32 %333, i32 %199
  %373 = select i1 %371, i32 %199, i32 %333
  store i32 %372, ptr %354, align 4, !tbaa !4
  %374 = getelementptr inbounds nuw i8, ptr %354, i64 4
  store i32 %373, ptr %374, align 4, !tbaa !4
  store i32 %330, ptr %200, align 4, !tbaa !4
  br label %379

375:                                              ; preds = %335, %329, %305, %291, %268
  %376 = getelementptr inbounds nuw i8, ptr %0, i64 60
  %377 = load i32, ptr %376, align 4, !tbaa !65
  %378 = add i32 %377, -1
  store i32 %378, ptr %376, align 4, !tbaa !65
  br label %379

379:                                              ; preds = %375, %346, %308, %296, %294, %291, %283, %281, %279, %272, %262, %259
  %380 = phi i64 [ 0, %272 ], [ -12, %375 ], [ -17, %279 ], [ -2, %259 ], [ -2, %281 ], [ 0, %308 ], [ 0, %346 ], [ 0, %291 ], [ -28, %262 ], [ -28, %283 ], [ -28, %296 ], [ -2, %294 ]
  store atomic i32 0, ptr %173 release, align 8
  br label %467

381:                                              ; preds = %5, %5
  %382 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %383 = load i32, ptr %382, align 8, !tbaa !17
  %384 = add i32 %383, 1
  %385 = and i64 %3, 1
  %386 = icmp ne i64 %385, 0
  %387 = icmp ugt i64 %3, 2
  %388 = or i1 %387, %386
  br i1 %388, label %467, label %389

389:                                              ; preds = %381
  %390 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %391 = atomicrmw xchg ptr %390, i32 1 acquire, align 8
  %392 = icmp eq i32 %391, 0
  br i1 %392, label %400, label %393

393:                                              ; preds = %389, %396
  %394 = load atomic i32, ptr %390 monotonic, align 8
  %395 = icmp eq i32 %394, 0
  br i1 %395, label %397, label %396

396:                                              ; preds = %393, %397
  br label %393, !llvm.loop !47

397:                                              ; preds = %393
  %398 = atomicrmw xchg ptr %390, i32 1 acquire, align 8
  %399 = icmp eq i32 %398, 0
  br i1 %399, label %400, label %396

400:                                              ; preds = %397, %389
  %401 = getelementptr inbounds nuw i8, ptr %0, i64 92
  %402 = load i32, ptr %401, align 4, !tbaa !45
  %403 = add i32 %402, 1
  %404 = icmp ult i32 %403, %384
  %405 = select i1 %404, i32 %403, i32 0
  %406 = getelementptr inbounds nuw i8, ptr %0, i64 96
  %407 = load i32, ptr %406, align 8, !tbaa !46
  %408 = icmp eq i32 %405, %407
  br i1 %408, label %409, label %415

409:                                              ; preds = %400
  %410 = icmp eq i64 %3, 0
  br i1 %410, label %425, label %411

411:                                              ; preds = %409
  %412 = add i32 %405, 1
  %413 = icmp ult i32 %412, %384
  %414 = select i1 %413, i32 %412, i32 0
  store i32 %414, ptr %406, align 8, !tbaa !46
  br label %415

415:                                              ; preds = %411, %400
  %416 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %417 = load i64, ptr %416, align 8, !tbaa !25
  %418 = getelementptr inbounds nuw i8, ptr %0, i64 %417
  %419 = zext i32 %402 to i64
  %420 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %421 = load i32, ptr %420, align 4, !tbaa !16
  %422 = zext i32 %421 to i64
  %423 = mul nuw i64 %422, %419
  %424 = getelementptr inbounds nuw i8, ptr %418, i64 %423
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %424, ptr readonly align 1 %2, i64 %422, i1 false)
  store i32 %405, ptr %401, align 4, !tbaa !45
  br label %425

425:                                              ; preds = %415, %409
  %426 = phi i64 [ 0, %415 ], [ -7, %409 ]
  store atomic i32 0, ptr %390 release, align 8
  br label %467

427:                                              ; preds = %5
  %428 = icmp eq i64 %3, 0
  br i1 %428, label %429, label %467

429:                                              ; preds = %427
  %430 = getelementptr inbounds nuw i8, ptr %0, i64 100
  %431 = load i32, ptr %430, align 4, !tbaa !31
  %432 = icmp eq i32 %431, 0
  br i1 %432, label %467, label %433

433:                                              ; preds = %429
  %434 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %435 = getelementptr inbounds nuw i8, ptr %0, i64 52
  %436 = getelementptr inbounds nuw i8, ptr %0, i64 104
  %437 = getelementptr inbounds nuw i8, ptr %0, i64 168
  br label %438

438:                                              ; preds = %450, %433
  %439 = phi i32 [ 0, %433 ], [ %463, %450 ]
  %440 = load i32, ptr %434, align 4, !tbaa !16
  %441 = load i32, ptr %435, align 4, !tbaa !38
  %442 = add i32 %441, %439
  %443 = and i32 %440, 3
  %444 = icmp eq i32 %443, 0
  br i1 %444, label %445, label %448

445:                                              ; preds = %438
  %446 = lshr exact i32 %440, 2
  %447 = tail call i32 @ebpy_jhash2(ptr noundef readonly %2, i32 noundef %446, i32 noundef %442) #14
  br label %450

448:                                              ; preds = %438
  %449 = tail call i32 @ebpy_jhash(ptr noundef readonly %2, i32 noundef %440, i32 noundef %442) #14
  br label %450

450:                                              ; preds = %448, %445
  %451 = phi i32 [ %447, %445 ], [ %449, %448 ]
  %452 = load i32, ptr %436, align 8, !tbaa !32
  %453 = and i32 %452, %451
  %454 = load i64, ptr %437, align 8, !tbaa !25
  %455 = getelementptr inbounds nuw i8, ptr %0, i64 %454
  %456 = lshr i32 %453, 6
  %457 = zext nneg i32 %456 to i64
  %458 = getelementptr inbounds nuw i64, ptr %455, i64 %457
  %459 = and i32 %453, 63
  %460 = zext nneg i32 %459 to i64
  %461 = shl nuw i64 1, %460
  %462 = atomicrmw or ptr %458, i64 %461 monotonic, align 8
  %463 = add nuw i32 %439, 1
  %464 = load i32, ptr %430, align 4, !tbaa !31
  %465 = icmp ult i32 %463, %464
  br i1 %465, label %438, label %467, !llvm.loop !68

466:                                              ; preds = %5
  br label %467

467:                                              ; preds = %450, %152, %130, %136, %142, %121, %117, %124, %429, %427, %425, %381, %379, %166, %162, %107, %101, %91, %85, %79, %73, %70, %67, %61, %57, %47, %43, %42, %36, %23, %20, %16, %13, %11, %5, %466, %160, %158
  %468 = phi i64 [ -22, %466 ], [ -524, %5 ], [ -22, %43 ], [ %159, %158 ], [ -22, %152 ], [ %161, %160 ], [ -22, %101 ], [ -22, %166 ], [ %426, %425 ], [ 0, %47 ], [ -22, %11 ], [ -7, %16 ], [ -17, %20 ], [ 0, %36 ], [ 0, %42 ], [ -22, %23 ], [ -22, %13 ], [ -7, %61 ], [ -22, %57 ], [ 0, %107 ], [ -22, %73 ], [ -22, %67 ], [ -22, %70 ], [ -22, %91 ], [ -22, %85 ], [ -22, %79 ], [ %380, %379 ], [ -22, %162 ], [ -22, %381 ], [ -22, %427 ], [ 0, %429 ], [ -22, %124 ], [ -22, %117 ], [ -22, %121 ], [ -22, %142 ], [ -22, %136 ], [ -22, %130 ], [ 0, %450 ]
  ret i64 %468
}

; Function Attrs: nofree norecurse nounwind memory(argmem: readwrite)
define internal fastcc range(i64 -22, 1) i64 @htab_update(ptr noundef %0, ptr noundef readonly captures(none) %1, ptr noundef readonly captures(none) %2, i64 noundef %3, i32 noundef %4) unnamed_addr #6 {
  %6 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %7 = load i32, ptr %6, align 4, !tbaa !12
  %8 = add i32 %7, -9
  %9 = icmp ult i32 %8, 2
  %10 = icmp ugt i64 %3, 2
  br i1 %10, label %400, label %11

11:                                               ; preds = %5
  %12 = icmp eq i32 %7, 10
  %13 = add i32 %7, -5
  %14 = icmp ult i32 %13, 2
  %15 = or i1 %12, %14
  %16 = icmp ne i32 %4, -1
  %17 = and i1 %16, %15
  br i1 %17, label %18, label %22

18:                                               ; preds = %11
  %19 = getelementptr inbounds nuw i8, ptr %0, i64 24
  %20 = load i32, ptr %19, align 8, !tbaa !19
  %21 = icmp ult i32 %4, %20
  br i1 %21, label %22, label %400

22:                                               ; preds = %18, %11
  %23 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %24 = load i32, ptr %23, align 8, !tbaa !15
  %25 = getelementptr inbounds nuw i8, ptr %0, i64 52
  %26 = load i32, ptr %25, align 4, !tbaa !38
  %27 = and i32 %24, 3
  %28 = icmp eq i32 %27, 0
  br i1 %28, label %29, label %32

29:                                               ; preds = %22
  %30 = lshr exact i32 %24, 2
  %31 = tail call i32 @ebpy_jhash2(ptr noundef readonly %1, i32 noundef %30, i32 noundef %26) #14
  br label %34

32:                                               ; preds = %22
  %33 = tail call i32 @ebpy_jhash(ptr noundef readonly %1, i32 noundef %24, i32 noundef %26) #14
  br label %34

34:                                               ; preds = %29, %32
  %35 = phi i32 [ %31, %29 ], [ %33, %32 ]
  %36 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %37 = atomicrmw xchg ptr %36, i32 1 acquire, align 8
  %38 = icmp eq i32 %37, 0
  br i1 %38, label %46, label %39

39:                                               ; preds = %34, %42
  %40 = load atomic i32, ptr %36 monotonic, align 8
  %41 = icmp eq i32 %40, 0
  br i1 %41, label %43, label %42

42:                                               ; preds = %39, %43
  br label %39, !llvm.loop !47

43:                                               ; preds = %39
  %44 = atomicrmw xchg ptr %36, i32 1 acquire, align 8
  %45 = icmp eq i32 %44, 0
  br i1 %45, label %46, label %42

46:                                               ; preds = %43, %34
  %47 = getelementptr inbounds nuw i8, ptr %0, i64 144
  %48 = load i64, ptr %47, align 8, !tbaa !28
  %49 = getelementptr inbounds nuw i8, ptr %0, i64 %48
  %50 = getelementptr inbounds nuw i8, ptr %0, i64 48
  %51 = load i32, ptr %50, align 8, !tbaa !26
  %52 = add i32 %51, -1
  %53 = and i32 %52, %35
  %54 = zext i32 %53 to i64
  %55 = getelementptr inbounds nuw i32, ptr %49, i64 %54
  %56 = load i32, ptr %55, align 4, !tbaa !4
  %57 = icmp eq i32 %56, 0
  br i1 %57, label %224, label %58

58:                                               ; preds = %46
  %59 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %60 = load i64, ptr %59, align 8, !tbaa !29
  %61 = getelementptr inbounds nuw i8, ptr %0, i64 %60
  %62 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %63 = load i32, ptr %62, align 4, !tbaa !27
  %64 = zext i32 %63 to i64
  %65 = getelementptr inbounds nuw i8, ptr %0, i64 160
  br label %66

66:                                               ; preds = %126, %58
  %67 = phi i32 [ %56, %58 ], [ %127, %126 ]
  %68 = phi ptr [ %55, %58 ], [ %72, %126 ]
  %69 = add i32 %67, -1
  %70 = zext i32 %69 to i64
  %71 = mul nuw i64 %70, %64
  %72 = getelementptr inbounds nuw i8, ptr %61, i64 %71
  %73 = getelementptr inbounds nuw i8, ptr %72, i64 4
  %74 = load i32, ptr %73, align 4, !tbaa !53
  %75 = icmp eq i32 %74, %35
  br i1 %75, label %76, label %126

76:                                               ; preds = %66
  %77 = load i64, ptr %65, align 8, !tbaa !30
  %78 = getelementptr inbounds nuw i8, ptr %0, i64 %77
  %79 = load i32, ptr %23, align 8, !tbaa !15
  %80 = zext i32 %79 to i64
  %81 = mul nuw i64 %80, %70
  %82 = getelementptr inbounds nuw i8, ptr %78, i64 %81
  %83 = icmp ugt i32 %79, 7
  br i1 %83, label %84, label %96

84:                                               ; preds = %76, %91
  %85 = phi i32 [ %94, %91 ], [ %79, %76 ]
  %86 = phi ptr [ %93, %91 ], [ %1, %76 ]
  %87 = phi ptr [ %92, %91 ], [ %82, %76 ]
  %88 = load i64, ptr %87, align 1
  %89 = load i64, ptr %86, align 1
  %90 = icmp eq i64 %88, %89
  br i1 %90, label %91, label %126

91:                                               ; preds = %84
  %92 = getelementptr inbounds nuw i8, ptr %87, i64 8
  %93 = getelementptr inbounds nuw i8, ptr %86, i64 8
  %94 = add i32 %85, -8
  %95 = icmp ugt i32 %94, 7
  br i1 %95, label %84, label %96, !llvm.loop !55

96:                                               ; preds = %91, %76
  %97 = phi ptr [ %82, %76 ], [ %92, %91 ]
  %98 = phi ptr [ %1, %76 ], [ %93, %91 ]
  %99 = phi i32 [ %79, %76 ], [ %94, %91 ]
  %100 = icmp samesign ugt i32 %99, 3
  br i1 %100, label %101, label %109

101:                                              ; preds = %96
  %102 = load i32, ptr %97, align 1
  %103 = load i32, ptr %98, align 1
  %104 = icmp eq i32 %102, %103
  br i1 %104, label %105, label %126

105:                                              ; preds = %101
  %106 = getelementptr inbounds nuw i8, ptr %97, i64 4
  %107 = getelementptr inbounds nuw i8, ptr %98, i64 4
  %108 = add nsw i32 %99, -4
  br label %109

109:                                              ; preds = %105, %96
  %110 = phi ptr [ %106, %105 ], [ %97, %96 ]
  %111 = phi ptr [ %107, %105 ], [ %98, %96 ]
  %112 = phi i32 [ %108, %105 ], [ %99, %96 ]
  %113 = icmp eq i32 %112, 0
  br i1 %113, label %129, label %114

114:                                              ; preds = %109, %121
  %115 = phi i32 [ %124, %121 ], [ %112, %109 ]
  %116 = phi ptr [ %123, %121 ], [ %111, %109 ]
  %117 = phi ptr [ %122, %121 ], [ %110, %109 ]
  %118 = load i8, ptr %117, align 1, !tbaa !10
  %119 = load i8, ptr %116, align 1, !tbaa !10
  %120 = icmp eq i8 %118, %119
  br i1 %120, label %121, label %126

121:                                              ; preds = %114
  %122 = getelementptr inbounds nuw i8, ptr %117, i64 1
  %123 = getelementptr inbounds nuw i8, ptr %116, i64 1
  %124 = add nsw i32 %115, -1
  %125 = icmp eq i32 %124, 0
  br i1 %125, label %129, label %114, !llvm.loop !56

126:                                              ; preds = %84, %114, %101, %66
  %127 = load i32, ptr %72, align 4, !tbaa !4
  %128 = icmp eq i32 %127, 0
  br i1 %128, label %224, label %66, !llvm.loop !57

129:                                              ; preds = %109, %121
  %130 = icmp eq i64 %3, 1
  br i1 %130, label %398, label %131

131:                                              ; preds = %129
  %132 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %133 = load i64, ptr %132, align 8, !tbaa !25
  %134 = getelementptr inbounds nuw i8, ptr %0, i64 %133
  %135 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %136 = load i32, ptr %135, align 8, !tbaa !24
  %137 = zext i32 %136 to i64
  %138 = mul nuw i64 %137, %70
  %139 = getelementptr inbounds nuw i8, ptr %134, i64 %138
  %140 = load i32, ptr %6, align 4, !tbaa !12
  switch i32 %140, label %141 [
    i32 10, label %145
    i32 6, label %145
    i32 5, label %145
  ]

141:                                              ; preds = %131
  %142 = getelementptr inbounds nuw i8, ptr %0, i64 32
  %143 = load i32, ptr %142, align 8, !tbaa !22
  %144 = zext i32 %143 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr nonnull align 1 %139, ptr readonly align 1 %2, i64 %144, i1 false)
  br label %158

145:                                              ; preds = %131, %131, %131
  %146 = icmp eq i32 %4, -1
  br i1 %146, label %147, label %148

147:                                              ; preds = %145
  tail call void @llvm.memcpy.p0.p0.i64(ptr nonnull align 1 %139, ptr readonly align 1 %2, i64 %137, i1 false)
  br label %158

148:                                              ; preds = %145
  %149 = zext i32 %4 to i64
  %150 = getelementptr inbounds nuw i8, ptr %0, i64 36
  %151 = load i32, ptr %150, align 4, !tbaa !23
  %152 = zext i32 %151 to i64
  %153 = mul nuw i64 %152, %149
  %154 = getelementptr inbounds nuw i8, ptr %139, i64 %153
  %155 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %156 = load i32, ptr %155, align 4, !tbaa !16
  %157 = zext i32 %156 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %154, ptr readonly align 1 %2, i64 %157, i1 false)
  br label %158

158:                                              ; preds = %141, %147, %148
  switch i32 %7, label %159 [
    i32 10, label %179
    i32 6, label %179
    i32 5, label %179
  ]

159:                                              ; preds = %158
  %160 = load i64, ptr %59, align 8, !tbaa !29
  %161 = getelementptr inbounds nuw i8, ptr %0, i64 %160
  %162 = load i32, ptr %62, align 4, !tbaa !27
  %163 = zext i32 %162 to i64
  %164 = mul nuw i64 %163, %70
  %165 = getelementptr inbounds nuw i8, ptr %161, i64 %164
  %166 = load i32, ptr %165, align 4, !tbaa !63
  store i32 %166, ptr %68, align 4, !tbaa !4
  %167 = load i64, ptr %47, align 8, !tbaa !28
  %168 = getelementptr inbounds nuw i8, ptr %0, i64 %167
  %169 = load i32, ptr %50, align 8, !tbaa !26
  %170 = add i32 %169, -1
  %171 = and i32 %170, %35
  %172 = zext i32 %171 to i64
  %173 = getelementptr inbounds nuw i32, ptr %168, i64 %172
  %174 = load i32, ptr %173, align 4, !tbaa !4
  %175 = load i32, ptr %62, align 4, !tbaa !27
  %176 = zext i32 %175 to i64
  %177 = mul nuw i64 %176, %70
  %178 = getelementptr inbounds nuw i8, ptr %161, i64 %177
  store i32 %174, ptr %178, align 4, !tbaa !63
  store i32 %67, ptr %173, align 4, !tbaa !4
  br label %179

179:                                              ; preds = %158, %158, %158, %159
  br i1 %9, label %180, label %398

180:                                              ; preds = %179
  %181 = getelementptr inbounds nuw i8, ptr %0, i64 72
  %182 = load i32, ptr %181, align 8, !tbaa !58
  %183 = icmp eq i32 %182, %67
  br i1 %183, label %398, label %184

184:                                              ; preds = %180
  %185 = load i64, ptr %59, align 8, !tbaa !29
  %186 = getelementptr inbounds nuw i8, ptr %0, i64 %185
  %187 = load i32, ptr %62, align 4, !tbaa !27
  %188 = zext i32 %187 to i64
  %189 = mul nuw i64 %188, %70
  %190 = getelementptr inbounds nuw i8, ptr %186, i64 %189
  %191 = getelementptr inbounds nuw i8, ptr %190, i64 8
  %192 = load i32, ptr %191, align 4, !tbaa !59
  %193 = icmp eq i32 %192, 0
  %194 = getelementptr inbounds nuw i8, ptr %190, i64 12
  %195 = load i32, ptr %194, align 4, !tbaa !60
  br i1 %193, label %202, label %196

196:                                              ; preds = %184
  %197 = add i32 %192, -1
  %198 = zext i32 %197 to i64
  %199 = mul nuw i64 %198, %188
  %200 = getelementptr inbounds nuw i8, ptr %186, i64 %199
  %201 = getelementptr inbounds nuw i8, ptr %200, i64 12
  store i32 %195, ptr %201, align 4, !tbaa !60
  br label %202

202:                                              ; preds = %196, %184
  %203 = phi i32 [ %182, %196 ], [ %195, %184 ]
  %204 = icmp eq i32 %195, 0
  br i1 %204, label %211, label %205

205:                                              ; preds = %202
  %206 = add i32 %195, -1
  %207 = zext i32 %206 to i64
  %208 = mul nuw i64 %207, %188
  %209 = getelementptr inbounds nuw i8, ptr %186, i64 %208
  %210 = getelementptr inbounds nuw i8, ptr %209, i64 8
  store i32 %192, ptr %210, align 4, !tbaa !59
  br label %213

211:                                              ; preds = %202
  %212 = getelementptr inbounds nuw i8, ptr %0, i64 76
  store i32 %192, ptr %212, align 4, !tbaa !61
  br label %213

213:                                              ; preds = %211, %205
  store i32 0, ptr %191, align 4, !tbaa !59
  store i32 %203, ptr %194, align 4, !tbaa !60
  %214 = icmp eq i32 %203, 0
  br i1 %214, label %221, label %215

215:                                              ; preds = %213
  %216 = add i32 %203, -1
  %217 = zext i32 %216 to i64
  %218 = mul nuw i64 %217, %188
  %219 = getelementptr inbounds nuw i8, ptr %186, i64 %218
  %220 = getelementptr inbounds nuw i8, ptr %219, i64 8
  store i32 %67, ptr %220, align 4, !tbaa !59
  br label %223

221:                                              ; preds = %213
  %222 = getelementptr inbounds nuw i8, ptr %0, i64 76
  store i32 %67, ptr %222, align 4, !tbaa !61
  br label %223

223:                                              ; preds = %221, %215
  store i32 %67, ptr %181, align 8, !tbaa !58
  br label %398

224:                                              ; preds = %126, %46
  %225 = icmp eq i64 %3, 2
  br i1 %225, label %398, label %226

226:                                              ; preds = %224
  %227 = getelementptr inbounds nuw i8, ptr %0, i64 68
  %228 = load i32, ptr %227, align 4, !tbaa !64
  %229 = icmp eq i32 %228, 0
  br i1 %229, label %242, label %230

230:                                              ; preds = %226
  %231 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %232 = load i64, ptr %231, align 8, !tbaa !29
  %233 = getelementptr inbounds nuw i8, ptr %0, i64 %232
  %234 = add i32 %228, -1
  %235 = zext i32 %234 to i64
  %236 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %237 = load i32, ptr %236, align 4, !tbaa !27
  %238 = zext i32 %237 to i64
  %239 = mul nuw i64 %238, %235
  %240 = getelementptr inbounds nuw i8, ptr %233, i64 %239
  %241 = load i32, ptr %240, align 4, !tbaa !63
  store i32 %241, ptr %227, align 4, !tbaa !64
  br label %315

242:                                              ; preds = %226
  %243 = getelementptr inbounds nuw i8, ptr %0, i64 64
  %244 = load i32, ptr %243, align 8, !tbaa !69
  %245 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %246 = load i32, ptr %245, align 8, !tbaa !17
  %247 = icmp ult i32 %244, %246
  br i1 %247, label %248, label %253

248:                                              ; preds = %242
  %249 = add nuw i32 %244, 1
  store i32 %249, ptr %243, align 8, !tbaa !69
  %250 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %251 = load i64, ptr %250, align 8, !tbaa !29
  %252 = zext i32 %244 to i64
  br label %315

253:                                              ; preds = %242
  br i1 %9, label %254, label %398

254:                                              ; preds = %253
  %255 = getelementptr inbounds nuw i8, ptr %0, i64 76
  %256 = load i32, ptr %255, align 4, !tbaa !61
  %257 = icmp eq i32 %256, 0
  br i1 %257, label %398, label %258

258:                                              ; preds = %254
  %259 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %260 = load i64, ptr %259, align 8, !tbaa !29
  %261 = getelementptr inbounds nuw i8, ptr %0, i64 %260
  %262 = add i32 %256, -1
  %263 = zext i32 %262 to i64
  %264 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %265 = load i32, ptr %264, align 4, !tbaa !27
  %266 = zext i32 %265 to i64
  %267 = mul nuw i64 %266, %263
  %268 = getelementptr inbounds nuw i8, ptr %261, i64 %267
  %269 = getelementptr inbounds nuw i8, ptr %268, i64 8
  %270 = load i32, ptr %269, align 4, !tbaa !59
  %271 = icmp eq i32 %270, 0
  %272 = getelementptr inbounds nuw i8, ptr %268, i64 12
  %273 = load i32, ptr %272, align 4, !tbaa !60
  br i1 %271, label %280, label %274

274:                                              ; preds = %258
  %275 = add i32 %270, -1
  %276 = zext i32 %275 to i64
  %277 = mul nuw i64 %276, %266
  %278 = getelementptr inbounds nuw i8, ptr %261, i64 %277
  %279 = getelementptr inbounds nuw i8, ptr %278, i64 12
  store i32 %273, ptr %279, align 4, !tbaa !60
  br label %282

280:                                              ; preds = %258
  %281 = getelementptr inbounds nuw i8, ptr %0, i64 72
  store i32 %273, ptr %281, align 8, !tbaa !58
  br label %282

282:                                              ; preds = %280, %274
  %283 = icmp eq i32 %273, 0
  br i1 %283, label %290, label %284

284:                                              ; preds = %282
  %285 = add i32 %273, -1
  %286 = zext i32 %285 to i64
  %287 = mul nuw i64 %286, %266
  %288 = getelementptr inbounds nuw i8, ptr %261, i64 %287
  %289 = getelementptr inbounds nuw i8, ptr %288, i64 8
  store i32 %270, ptr %289, align 4, !tbaa !59
  br label %291

290:                                              ; preds = %282
  store i32 %270, ptr %255, align 4, !tbaa !61
  br label %291

291:                                              ; preds = %290, %284
  store i32 0, ptr %269, align 4, !tbaa !59
  store i32 0, ptr %272, align 4, !tbaa !60
  %292 = getelementptr inbounds nuw i8, ptr %268, i64 4
  %293 = load i32, ptr %292, align 4, !tbaa !53
  %294 = and i32 %293, %52
  %295 = zext i32 %294 to i64
  %296 = getelementptr inbounds nuw i32, ptr %49, i64 %295
  %297 = load i32, ptr %296, align 4, !tbaa !4
  %298 = icmp eq i32 %297, %256
  br i1 %298, label %309, label %299

299:                                              ; preds = %291, %299
  %300 = phi i32 [ %305, %299 ], [ %297, %291 ]
  %301 = add i32 %300, -1
  %302 = zext i32 %301 to i64
  %303 = mul nuw i64 %302, %266
  %304 = getelementptr inbounds nuw i8, ptr %261, i64 %303
  %305 = load i32, ptr %304, align 4, !tbaa !4
  %306 = icmp eq i32 %305, %256
  br i1 %306, label %307, label %299, !llvm.loop !70

307:                                              ; preds = %299
  %308 = getelementptr inbounds nuw i8, ptr %261, i64 %303
  br label %309

309:                                              ; preds = %307, %291
  %310 = phi ptr [ %296, %291 ], [ %308, %307 ]
  %311 = load i32, ptr %268, align 4, !tbaa !63
  store i32 %311, ptr %310, align 4, !tbaa !4
  %312 = getelementptr inbounds nuw i8, ptr %0, i64 60
  %313 = load i32, ptr %312, align 4, !tbaa !65
  %314 = add i32 %313, -1
  store i32 %314, ptr %312, align 4, !tbaa !65
  br label %315

315:                                              ; preds = %248, %230, %309
  %316 = phi i64 [ %252, %248 ], [ %235, %230 ], [ %263, %309 ]
  %317 = phi i64 [ %251, %248 ], [ %232, %230 ], [ %260, %309 ]
  %318 = phi i32 [ %249, %248 ], [ %228, %230 ], [ %256, %309 ]
  %319 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %320 = getelementptr inbounds nuw i8, ptr %0, i64 %317
  %321 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %322 = load i32, ptr %321, align 4, !tbaa !27
  %323 = zext i32 %322 to i64
  %324 = mul nuw i64 %316, %323
  %325 = getelementptr inbounds nuw i8, ptr %320, i64 %324
  %326 = getelementptr inbounds nuw i8, ptr %325, i64 4
  store i32 %35, ptr %326, align 4, !tbaa !53
  %327 = getelementptr inbounds nuw i8, ptr %0, i64 160
  %328 = load i64, ptr %327, align 8, !tbaa !30
  %329 = getelementptr inbounds nuw i8, ptr %0, i64 %328
  %330 = load i32, ptr %23, align 8, !tbaa !15
  %331 = zext i32 %330 to i64
  %332 = mul nuw i64 %316, %331
  %333 = getelementptr inbounds nuw i8, ptr %329, i64 %332
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %333, ptr readonly align 1 %1, i64 %331, i1 false)
  %334 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %335 = load i64, ptr %334, align 8, !tbaa !25
  %336 = getelementptr inbounds nuw i8, ptr %0, i64 %335
  %337 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %338 = load i32, ptr %337, align 8, !tbaa !24
  %339 = zext i32 %338 to i64
  %340 = mul nuw i64 %316, %339
  %341 = getelementptr inbounds nuw i8, ptr %336, i64 %340
  %342 = load i32, ptr %6, align 4, !tbaa !12
  switch i32 %342, label %343 [
    i32 10, label %347
    i32 6, label %347
    i32 5, label %347
  ]

343:                                              ; preds = %315
  %344 = getelementptr inbounds nuw i8, ptr %0, i64 32
  %345 = load i32, ptr %344, align 8, !tbaa !22
  %346 = zext i32 %345 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr nonnull align 1 %341, ptr readonly align 1 %2, i64 %346, i1 false)
  br label %360

347:                                              ; preds = %315, %315, %315
  %348 = icmp eq i32 %4, -1
  br i1 %348, label %349, label %350

349:                                              ; preds = %347
  tail call void @llvm.memcpy.p0.p0.i64(ptr nonnull align 1 %341, ptr readonly align 1 %2, i64 %339, i1 false)
  br label %360

350:                                              ; preds = %347
  tail call void @llvm.memset.p0.i64(ptr nonnull align 1 %341, i8 0, i64 %339, i1 false)
  %351 = zext i32 %4 to i64
  %352 = getelementptr inbounds nuw i8, ptr %0, i64 36
  %353 = load i32, ptr %352, align 4, !tbaa !23
  %354 = zext i32 %353 to i64
  %355 = mul nuw i64 %354, %351
  %356 = getelementptr inbounds nuw i8, ptr %341, i64 %355
  %357 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %358 = load i32, ptr %357, align 4, !tbaa !16
  %359 = zext i32 %358 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %356, ptr readonly align 1 %2, i64 %359, i1 false)
  br label %360

360:                                              ; preds = %343, %349, %350
  %361 = load i64, ptr %47, align 8, !tbaa !28
  %362 = getelementptr inbounds nuw i8, ptr %0, i64 %361
  %363 = load i32, ptr %50, align 8, !tbaa !26
  %364 = add i32 %363, -1
  %365 = and i32 %364, %35
  %366 = zext i32 %365 to i64
  %367 = getelementptr inbounds nuw i32, ptr %362, i64 %366
  %368 = load i32, ptr %367, align 4, !tbaa !4
  %369 = load i64, ptr %319, align 8, !tbaa !29
  %370 = getelementptr inbounds nuw i8, ptr %0, i64 %369
  %371 = load i32, ptr %321, align 4, !tbaa !27
  %372 = zext i32 %371 to i64
  %373 = mul nuw i64 %316, %372
  %374 = getelementptr inbounds nuw i8, ptr %370, i64 %373
  store i32 %368, ptr %374, align 4, !tbaa !63
  store i32 %318, ptr %367, align 4, !tbaa !4
  br i1 %9, label %375, label %394

375:                                              ; preds = %360
  %376 = load i32, ptr %321, align 4, !tbaa !27
  %377 = zext i32 %376 to i64
  %378 = mul nuw i64 %316, %377
  %379 = getelementptr inbounds nuw i8, ptr %370, i64 %378
  %380 = getelementptr inbounds nuw i8, ptr %379, i64 8
  store i32 0, ptr %380, align 4, !tbaa !59
  %381 = getelementptr inbounds nuw i8, ptr %0, i64 72
  %382 = load i32, ptr %381, align 8, !tbaa !58
  %383 = getelementptr inbounds nuw i8, ptr %379, i64 12
  store i32 %382, ptr %383, align 4, !tbaa !60
  %384 = icmp eq i32 %382, 0
  br i1 %384, label %391, label %385

385:                                              ; preds = %375
  %386 = add i32 %382, -1
  %387 = zext i32 %386 to i64
  %388 = mul nuw i64 %387, %377
  %389 = getelementptr inbounds nuw i8, ptr %370, i64 %388
  %390 = getelementptr inbounds nuw i8, ptr %389, i64 8
  store i32 %318, ptr %390, align 4, !tbaa !59
  br label %393

391:                                              ; preds = %375
  %392 = getelementptr inbounds nuw i8, ptr %0, i64 76
  store i32 %318, ptr %392, align 4, !tbaa !61
  br label %393

393:                                              ; preds = %385, %391
  store i32 %318, ptr %381, align 8, !tbaa !58
  br label %394

394:                                              ; preds = %393, %360
  %395 = getelementptr inbounds nuw i8, ptr %0, i64 60
  %396 = load i32, ptr %395, align 4, !tbaa !65
  %397 = add i32 %396, 1
  store i32 %397, ptr %395, align 4, !tbaa !65
  br label %398

398:                                              ; preds = %254, %253, %223, %180, %224, %129, %179, %394
  %399 = phi i64 [ -2, %224 ], [ 0, %223 ], [ 0, %179 ], [ -17, %129 ], [ 0, %394 ], [ 0, %180 ], [ -7, %253 ], [ -7, %254 ]
  store atomic i32 0, ptr %36 release, align 8
  br label %400

400:                                              ; preds = %18, %5, %398
  %401 = phi i64 [ %399, %398 ], [ -22, %5 ], [ -22, %18 ]
  ret i64 %401
}

; Function Attrs: nofree norecurse nounwind memory(argmem: readwrite)
define dso_local range(i64 -524, 1) i64 @ebpy_map_delete(ptr noundef %0, ptr noundef readonly captures(none) %1) local_unnamed_addr #6 {
  %3 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %4 = load i32, ptr %3, align 4, !tbaa !12
  switch i32 %4, label %354 [
    i32 27, label %353
    i32 30, label %355
    i32 3, label %5
    i32 12, label %5
    i32 1, label %23
    i32 5, label %23
    i32 9, label %23
    i32 10, label %23
    i32 13, label %23
    i32 11, label %173
  ]

5:                                                ; preds = %2, %2
  %6 = load i32, ptr %1, align 1
  %7 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %8 = load i32, ptr %7, align 8, !tbaa !17
  %9 = icmp ult i32 %6, %8
  br i1 %9, label %10, label %355

10:                                               ; preds = %5
  %11 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %12 = load i64, ptr %11, align 8, !tbaa !25
  %13 = getelementptr inbounds nuw i8, ptr %0, i64 %12
  %14 = zext i32 %6 to i64
  %15 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %16 = load i32, ptr %15, align 8, !tbaa !24
  %17 = zext i32 %16 to i64
  %18 = mul nuw i64 %17, %14
  %19 = getelementptr inbounds nuw i8, ptr %13, i64 %18
  %20 = atomicrmw xchg ptr %19, i64 0 acq_rel, align 8
  %21 = icmp eq i64 %20, 0
  %22 = select i1 %21, i64 -2, i64 0
  br label %355

23:                                               ; preds = %2, %2, %2, %2, %2
  %24 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %25 = load i32, ptr %24, align 8, !tbaa !15
  %26 = getelementptr inbounds nuw i8, ptr %0, i64 52
  %27 = load i32, ptr %26, align 4, !tbaa !38
  %28 = and i32 %25, 3
  %29 = icmp eq i32 %28, 0
  br i1 %29, label %30, label %33

30:                                               ; preds = %23
  %31 = lshr exact i32 %25, 2
  %32 = tail call i32 @ebpy_jhash2(ptr noundef readonly %1, i32 noundef %31, i32 noundef %27) #14
  br label %35

33:                                               ; preds = %23
  %34 = tail call i32 @ebpy_jhash(ptr noundef readonly %1, i32 noundef %25, i32 noundef %27) #14
  br label %35

35:                                               ; preds = %33, %30
  %36 = phi i32 [ %32, %30 ], [ %34, %33 ]
  %37 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %38 = atomicrmw xchg ptr %37, i32 1 acquire, align 8
  %39 = icmp eq i32 %38, 0
  br i1 %39, label %47, label %40

40:                                               ; preds = %35, %43
  %41 = load atomic i32, ptr %37 monotonic, align 8
  %42 = icmp eq i32 %41, 0
  br i1 %42, label %44, label %43

43:                                               ; preds = %40, %44
  br label %40, !llvm.loop !47

44:                                               ; preds = %40
  %45 = atomicrmw xchg ptr %37, i32 1 acquire, align 8
  %46 = icmp eq i32 %45, 0
  br i1 %46, label %47, label %43

47:                                               ; preds = %44, %35
  %48 = getelementptr inbounds nuw i8, ptr %0, i64 144
  %49 = load i64, ptr %48, align 8, !tbaa !28
  %50 = getelementptr inbounds nuw i8, ptr %0, i64 %49
  %51 = getelementptr inbounds nuw i8, ptr %0, i64 48
  %52 = load i32, ptr %51, align 8, !tbaa !26
  %53 = add i32 %52, -1
  %54 = and i32 %53, %36
  %55 = zext i32 %54 to i64
  %56 = getelementptr inbounds nuw i32, ptr %50, i64 %55
  %57 = load i32, ptr %56, align 4, !tbaa !4
  %58 = icmp eq i32 %57, 0
  br i1 %58, label %171, label %59

59:                                               ; preds = %47
  %60 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %61 = load i64, ptr %60, align 8, !tbaa !29
  %62 = getelementptr inbounds nuw i8, ptr %0, i64 %61
  %63 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %64 = load i32, ptr %63, align 4, !tbaa !27
  %65 = zext i32 %64 to i64
  %66 = getelementptr inbounds nuw i8, ptr %0, i64 160
  br label %67

67:                                               ; preds = %127, %59
  %68 = phi i32 [ %57, %59 ], [ %128, %127 ]
  %69 = phi ptr [ %56, %59 ], [ %73, %127 ]
  %70 = add i32 %68, -1
  %71 = zext i32 %70 to i64
  %72 = mul nuw i64 %71, %65
  %73 = getelementptr inbounds nuw i8, ptr %62, i64 %72
  %74 = getelementptr inbounds nuw i8, ptr %73, i64 4
  %75 = load i32, ptr %74, align 4, !tbaa !53
  %76 = icmp eq i32 %75, %36
  br i1 %76, label %77, label %127

77:                                               ; preds = %67
  %78 = load i64, ptr %66, align 8, !tbaa !30
  %79 = getelementptr inbounds nuw i8, ptr %0, i64 %78
  %80 = load i32, ptr %24, align 8, !tbaa !15
  %81 = zext i32 %80 to i64
  %82 = mul nuw i64 %81, %71
  %83 = getelementptr inbounds nuw i8, ptr %79, i64 %82
  %84 = icmp ugt i32 %80, 7
  br i1 %84, label %85, label %97

85:                                               ; preds = %77, %92
  %86 = phi i32 [ %95, %92 ], [ %80, %77 ]
  %87 = phi ptr [ %94, %92 ], [ %1, %77 ]
  %88 = phi ptr [ %93, %92 ], [ %83, %77 ]
  %89 = load i64, ptr %88, align 1
  %90 = load i64, ptr %87, align 1
  %91 = icmp eq i64 %89, %90
  br i1 %91, label %92, label %127

92:                                               ; preds = %85
  %93 = getelementptr inbounds nuw i8, ptr %88, i64 8
  %94 = getelementptr inbounds nuw i8, ptr %87, i64 8
  %95 = add i32 %86, -8
  %96 = icmp ugt i32 %95, 7
  br i1 %96, label %85, label %97, !llvm.loop !55

97:                                               ; preds = %92, %77
  %98 = phi ptr [ %83, %77 ], [ %93, %92 ]
  %99 = phi ptr [ %1, %77 ], [ %94, %92 ]
  %100 = phi i32 [ %80, %77 ], [ %95, %92 ]
  %101 = icmp samesign ugt i32 %100, 3
  br i1 %101, label %102, label %110

102:                                              ; preds = %97
  %103 = load i32, ptr %98, align 1
  %104 = load i32, ptr %99, align 1
  %105 = icmp eq i32 %103, %104
  br i1 %105, label %106, label %127

106:                                              ; preds = %102
  %107 = getelementptr inbounds nuw i8, ptr %98, i64 4
  %108 = getelementptr inbounds nuw i8, ptr %99, i64 4
  %109 = add nsw i32 %100, -4
  br label %110

110:                                              ; preds = %106, %97
  %111 = phi ptr [ %107, %106 ], [ %98, %97 ]
  %112 = phi ptr [ %108, %106 ], [ %99, %97 ]
  %113 = phi i32 [ %109, %106 ], [ %100, %97 ]
  %114 = icmp eq i32 %113, 0
  br i1 %114, label %130, label %115

115:                                              ; preds = %110, %122
  %116 = phi i32 [ %125, %122 ], [ %113, %110 ]
  %117 = phi ptr [ %124, %122 ], [ %112, %110 ]
  %118 = phi ptr [ %123, %122 ], [ %111, %110 ]
  %119 = load i8, ptr %118, align 1, !tbaa !10
  %120 = load i8, ptr %117, align 1, !tbaa !10
  %121 = icmp eq i8 %119, %120
  br i1 %121, label %122, label %127

122:                                              ; preds = %115
  %123 = getelementptr inbounds nuw i8, ptr %118, i64 1
  %124 = getelementptr inbounds nuw i8, ptr %117, i64 1
  %125 = add nsw i32 %116, -1
  %126 = icmp eq i32 %125, 0
  br i1 %126, label %130, label %115, !llvm.loop !56

127:                                              ; preds = %85, %115, %102, %67
  %128 = load i32, ptr %73, align 4, !tbaa !4
  %129 = icmp eq i32 %128, 0
  br i1 %129, label %171, label %67, !llvm.loop !57

130:                                              ; preds = %110, %122
  %131 = load i32, ptr %73, align 4, !tbaa !63
  store i32 %131, ptr %69, align 4, !tbaa !4
  %132 = load i32, ptr %3, align 4, !tbaa !12
  %133 = add i32 %132, -11
  %134 = icmp ult i32 %133, -2
  %135 = load i32, ptr %63, align 4, !tbaa !27
  %136 = zext i32 %135 to i64
  %137 = mul nuw i64 %136, %71
  br i1 %134, label %164, label %138

138:                                              ; preds = %130
  %139 = getelementptr inbounds nuw i8, ptr %62, i64 %137
  %140 = getelementptr inbounds nuw i8, ptr %139, i64 8
  %141 = load i32, ptr %140, align 4, !tbaa !59
  %142 = icmp eq i32 %141, 0
  %143 = getelementptr inbounds nuw i8, ptr %139, i64 12
  %144 = load i32, ptr %143, align 4, !tbaa !60
  br i1 %142, label %151, label %145

145:                                              ; preds = %138
  %146 = add i32 %141, -1
  %147 = zext i32 %146 to i64
  %148 = mul nuw i64 %147, %136
  %149 = getelementptr inbounds nuw i8, ptr %62, i64 %148
  %150 = getelementptr inbounds nuw i8, ptr %149, i64 12
  store i32 %144, ptr %150, align 4, !tbaa !60
  br label %153

151:                                              ; preds = %138
  %152 = getelementptr inbounds nuw i8, ptr %0, i64 72
  store i32 %144, ptr %152, align 8, !tbaa !58
  br label %153

153:                                              ; preds = %151, %145
  %154 = icmp eq i32 %144, 0
  br i1 %154, label %161, label %155

155:                                              ; preds = %153
  %156 = add i32 %144, -1
  %157 = zext i32 %156 to i64
  %158 = mul nuw i64 %157, %136
  %159 = getelementptr inbounds nuw i8, ptr %62, i64 %158
  %160 = getelementptr inbounds nuw i8, ptr %159, i64 8
  store i32 %141, ptr %160, align 4, !tbaa !59
  br label %163

161:                                              ; preds = %153
  %162 = getelementptr inbounds nuw i8, ptr %0, i64 76
  store i32 %141, ptr %162, align 4, !tbaa !61
  br label %163

163:                                              ; preds = %161, %155
  store i32 0, ptr %140, align 4, !tbaa !59
  store i32 0, ptr %143, align 4, !tbaa !60
  br label %164

164:                                              ; preds = %163, %130
  %165 = getelementptr inbounds nuw i8, ptr %0, i64 68
  %166 = load i32, ptr %165, align 4, !tbaa !64
  %167 = getelementptr inbounds nuw i8, ptr %62, i64 %137
  store i32 %166, ptr %167, align 4, !tbaa !63
  store i32 %68, ptr %165, align 4, !tbaa !64
  %168 = getelementptr inbounds nuw i8, ptr %0, i64 60
  %169 = load i32, ptr %168, align 4, !tbaa !65
  %170 = add i32 %169, -1
  store i32 %170, ptr %168, align 4, !tbaa !65
  br label %171

171:                                              ; preds = %127, %47, %164
  %172 = phi i64 [ 0, %164 ], [ -2, %47 ], [ -2, %127 ]
  store atomic i32 0, ptr %37 release, align 8
  br label %355

173:                                              ; preds = %2
  %174 = load i32, ptr %1, align 1
  %175 = getelementptr inbounds nuw i8, ptr %1, i64 4
  %176 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %177 = load i32, ptr %176, align 8, !tbaa !15
  %178 = shl i32 %177, 3
  %179 = add i32 %178, -32
  %180 = icmp ugt i32 %174, %179
  br i1 %180, label %355, label %181

181:                                              ; preds = %173
  %182 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %183 = atomicrmw xchg ptr %182, i32 1 acquire, align 8
  %184 = icmp eq i32 %183, 0
  br i1 %184, label %192, label %185

185:                                              ; preds = %181, %188
  %186 = load atomic i32, ptr %182 monotonic, align 8
  %187 = icmp eq i32 %186, 0
  br i1 %187, label %189, label %188

188:                                              ; preds = %185, %189
  br label %185, !llvm.loop !47

189:                                              ; preds = %185
  %190 = atomicrmw xchg ptr %182, i32 1 acquire, align 8
  %191 = icmp eq i32 %190, 0
  br i1 %191, label %192, label %188

192:                                              ; preds = %189, %181
  %193 = getelementptr inbounds nuw i8, ptr %0, i64 80
  %194 = load i32, ptr %193, align 4, !tbaa !4
  %195 = icmp eq i32 %194, 0
  br i1 %195, label %351, label %196

196:                                              ; preds = %192
  %197 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %198 = load i64, ptr %197, align 8, !tbaa !29
  %199 = getelementptr inbounds nuw i8, ptr %0, i64 %198
  %200 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %201 = load i32, ptr %200, align 4, !tbaa !27
  %202 = zext i32 %201 to i64
  %203 = load i32, ptr %176, align 8, !tbaa !15
  %204 = add i32 %203, -4
  %205 = icmp ne i32 %204, 0
  %206 = zext i32 %204 to i64
  br label %207

207:                                              ; preds = %256, %196
  %208 = phi i32 [ %194, %196 ], [ %268, %256 ]
  %209 = phi i32 [ 0, %196 ], [ %208, %256 ]
  %210 = phi ptr [ %193, %196 ], [ %211, %256 ]
  %211 = phi ptr [ %193, %196 ], [ %267, %256 ]
  %212 = add i32 %208, -1
  %213 = zext i32 %212 to i64
  %214 = mul nuw i64 %213, %202
  %215 = getelementptr inbounds nuw i8, ptr %199, i64 %214
  %216 = getelementptr inbounds nuw i8, ptr %215, i64 8
  %217 = load i32, ptr %216, align 4, !tbaa !4
  %218 = tail call noundef i32 @llvm.umin.i32(i32 %217, i32 %174)
  %219 = icmp ne i32 %218, 0
  %220 = and i1 %205, %219
  br i1 %220, label %221, label %251

221:                                              ; preds = %207
  %222 = getelementptr inbounds nuw i8, ptr %215, i64 16
  %223 = load i8, ptr %222, align 1, !tbaa !10
  %224 = load i8, ptr %175, align 1, !tbaa !10
  %225 = icmp eq i8 %223, %224
  br i1 %225, label %226, label %242

226:                                              ; preds = %221, %234
  %227 = phi i64 [ %228, %234 ], [ 0, %221 ]
  %228 = add nuw nsw i64 %227, 1
  %229 = icmp samesign ult i64 %228, %206
  %230 = trunc nuw i64 %228 to i32
  %231 = shl i32 %230, 3
  %232 = icmp ult i32 %231, %218
  %233 = and i1 %229, %232
  br i1 %233, label %234, label %251, !llvm.loop !66

234:                                              ; preds = %226
  %235 = getelementptr inbounds nuw i8, ptr %222, i64 %228
  %236 = load i8, ptr %235, align 1, !tbaa !10
  %237 = getelementptr inbounds nuw i8, ptr %175, i64 %228
  %238 = load i8, ptr %237, align 1, !tbaa !10
  %239 = icmp eq i8 %236, %238
  br i1 %239, label %226, label %240, !llvm.loop !66

240:                                              ; preds = %234
  %241 = add i32 %231, -24
  br label %242

242:                                              ; preds = %240, %221
  %243 = phi i32 [ -24, %221 ], [ %241, %240 ]
  %244 = phi i8 [ %223, %221 ], [ %236, %240 ]
  %245 = phi i8 [ %224, %221 ], [ %238, %240 ]
  %246 = xor i8 %245, %244
  %247 = zext i8 %246 to i32
  %248 = tail call range(i32 24, 33) i32 @llvm.ctlz.i32(i32 %247, i1 true)
  %249 = add i32 %248, %243
  %250 = tail call noundef i32 @llvm.umin.i32(i32 %249, i32 %218)
  br label %251

251:                                              ; preds = %226, %242, %207
  %252 = phi i32 [ %250, %242 ], [ %218, %207 ], [ %218, %226 ]
  %253 = icmp ne i32 %217, %252
  %254 = icmp eq i32 %217, %174
  %255 = or i1 %254, %253
  br i1 %255, label %270, label %256

256:                                              ; preds = %251
  %257 = lshr i32 %217, 3
  %258 = zext nneg i32 %257 to i64
  %259 = getelementptr inbounds nuw i8, ptr %175, i64 %258
  %260 = load i8, ptr %259, align 1, !tbaa !10
  %261 = zext i8 %260 to i32
  %262 = and i32 %217, 7
  %263 = xor i32 %262, 7
  %264 = lshr i32 %261, %263
  %265 = and i32 %264, 1
  %266 = zext nneg i32 %265 to i64
  %267 = getelementptr inbounds nuw i32, ptr %215, i64 %266
  %268 = load i32, ptr %267, align 4, !tbaa !4
  %269 = icmp eq i32 %268, 0
  br i1 %269, label %351, label %207, !llvm.loop !71

270:                                              ; preds = %251
  %271 = icmp eq i32 %217, %252
  %272 = and i1 %254, %271
  br i1 %272, label %273, label %351

273:                                              ; preds = %270
  %274 = getelementptr inbounds nuw i8, ptr %215, i64 12
  %275 = load i32, ptr %274, align 4, !tbaa !4
  %276 = icmp eq i32 %275, 0
  br i1 %276, label %351, label %277

277:                                              ; preds = %273
  %278 = getelementptr inbounds nuw i8, ptr %0, i64 60
  %279 = load i32, ptr %278, align 4, !tbaa !65
  %280 = add i32 %279, -1
  store i32 %280, ptr %278, align 4, !tbaa !65
  %281 = load i32, ptr %274, align 4, !tbaa !4
  %282 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %283 = load i64, ptr %282, align 8, !tbaa !25
  %284 = getelementptr inbounds nuw i8, ptr %0, i64 %283
  %285 = add i32 %281, -1
  %286 = zext i32 %285 to i64
  %287 = getelementptr inbounds nuw i8, ptr %0, i64 36
  %288 = load i32, ptr %287, align 4, !tbaa !23
  %289 = zext i32 %288 to i64
  %290 = mul nuw i64 %289, %286
  %291 = getelementptr inbounds nuw i8, ptr %284, i64 %290
  %292 = getelementptr inbounds nuw i8, ptr %0, i64 88
  %293 = load i32, ptr %292, align 8, !tbaa !72
  store i32 %293, ptr %291, align 1
  store i32 %281, ptr %292, align 8, !tbaa !72
  store i32 0, ptr %274, align 4, !tbaa !4
  %294 = load i32, ptr %215, align 4, !tbaa !4
  %295 = icmp eq i32 %294, 0
  br i1 %295, label %300, label %296

296:                                              ; preds = %277
  %297 = getelementptr inbounds nuw i8, ptr %215, i64 4
  %298 = load i32, ptr %297, align 4, !tbaa !4
  %299 = icmp eq i32 %298, 0
  br i1 %299, label %300, label %351

300:                                              ; preds = %296, %277
  %301 = icmp eq i32 %209, 0
  br i1 %301, label %337, label %302

302:                                              ; preds = %300
  %303 = load i64, ptr %197, align 8, !tbaa !29
  %304 = getelementptr inbounds nuw i8, ptr %0, i64 %303
  %305 = add i32 %209, -1
  %306 = zext i32 %305 to i64
  %307 = load i32, ptr %200, align 4, !tbaa !27
  %308 = zext i32 %307 to i64
  %309 = mul nuw i64 %308, %306
  %310 = getelementptr inbounds nuw i8, ptr %304, i64 %309
  %311 = getelementptr inbounds nuw i8, ptr %310, i64 12
  %312 = load i32, ptr %311, align 4, !tbaa !4
  %313 = icmp eq i32 %312, 0
  br i1 %313, label %314, label %337

314:                                              ; preds = %302
  br i1 %295, label %315, label %341

315:                                              ; preds = %314
  %316 = getelementptr inbounds nuw i8, ptr %215, i64 4
  %317 = load i32, ptr %316, align 4, !tbaa !4
  %318 = icmp eq i32 %317, 0
  br i1 %318, label %319, label %341

319:                                              ; preds = %315
  %320 = load i32, ptr %310, align 4, !tbaa !4
  %321 = icmp eq i32 %320, %208
  br i1 %321, label %322, label %325

322:                                              ; preds = %319
  %323 = getelementptr inbounds nuw i8, ptr %310, i64 4
  %324 = load i32, ptr %323, align 4, !tbaa !4
  br label %325

325:                                              ; preds = %322, %319
  %326 = phi i32 [ %324, %322 ], [ %320, %319 ]
  store i32 %326, ptr %210, align 4, !tbaa !4
  %327 = getelementptr inbounds nuw i8, ptr %0, i64 68
  %328 = load i32, ptr %327, align 4, !tbaa !64
  %329 = load i32, ptr %200, align 4, !tbaa !27
  %330 = zext i32 %329 to i64
  %331 = mul nuw i64 %330, %306
  %332 = getelementptr inbounds nuw i8, ptr %304, i64 %331
  store i32 %328, ptr %332, align 4, !tbaa !4
  %333 = load i32, ptr %200, align 4, !tbaa !27
  %334 = zext i32 %333 to i64
  %335 = mul nuw i64 %334, %213
  %336 = getelementptr inbounds nuw i8, ptr %304, i64 %335
  store i32 %209, ptr %336, align 4, !tbaa !4
  store i32 %208, ptr %327, align 4, !tbaa !64
  br label %351

337:                                              ; preds = %302, %300
  br i1 %295, label %338, label %341

338:                                              ; preds = %337
  %339 = getelementptr inbounds nuw i8, ptr %215, i64 4
  %340 = load i32, ptr %339, align 4, !tbaa !4
  br label %341

341:                                              ; preds = %338, %337, %315, %314
  %342 = phi i32 [ %294, %314 ], [ %294, %337 ], [ %340, %338 ], [ %317, %315 ]
  store i32 %342, ptr %211, align 4, !tbaa !4
  %343 = getelementptr inbounds nuw i8, ptr %0, i64 68
  %344 = load i32, ptr %343, align 4, !tbaa !64
  %345 = load i64, ptr %197, align 8, !tbaa !29
  %346 = getelementptr inbounds nuw i8, ptr %0, i64 %345
  %347 = load i32, ptr %200, align 4, !tbaa !27
  %348 = zext i32 %347 to i64
  %349 = mul nuw i64 %348, %213
  %350 = getelementptr inbounds nuw i8, ptr %346, i64 %349
  store i32 %344, ptr %350, align 4, !tbaa !4
  store i32 %208, ptr %343, align 4, !tbaa !64
  br label %351

351:                                              ; preds = %256, %341, %325, %296, %273, %270, %192
  %352 = phi i64 [ 0, %325 ], [ 0, %296 ], [ 0, %341 ], [ -2, %270 ], [ -2, %273 ], [ -2, %192 ], [ -2, %256 ]
  store atomic i32 0, ptr %182 release, align 8
  br label %355

353:                                              ; preds = %2
  br label %355

354:                                              ; preds = %2
  br label %355

355:                                              ; preds = %351, %173, %10, %5, %2, %354, %353, %171
  %356 = phi i64 [ -22, %354 ], [ -524, %353 ], [ -95, %2 ], [ %172, %171 ], [ -7, %5 ], [ %22, %10 ], [ %352, %351 ], [ -22, %173 ]
  ret i64 %356
}

; Function Attrs: nofree norecurse nounwind memory(argmem: readwrite)
define dso_local range(i64 -524, 1) i64 @ebpy_map_get_next_key(ptr noundef %0, ptr noundef readonly captures(address_is_null) %1, ptr noundef writeonly captures(none) %2) local_unnamed_addr #6 {
  %4 = alloca [2049 x i32], align 16
  %5 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %6 = load i32, ptr %5, align 4, !tbaa !12
  switch i32 %6, label %362 [
    i32 2, label %7
    i32 6, label %7
    i32 3, label %7
    i32 12, label %7
    i32 1, label %21
    i32 5, label %21
    i32 9, label %21
    i32 10, label %21
    i32 13, label %21
    i32 11, label %169
    i32 27, label %361
    i32 30, label %363
  ]

7:                                                ; preds = %3, %3, %3, %3
  %8 = icmp eq ptr %1, null
  br i1 %8, label %19, label %9

9:                                                ; preds = %7
  %10 = load i32, ptr %1, align 1
  %11 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %12 = load i32, ptr %11, align 8, !tbaa !17
  %13 = icmp ult i32 %10, %12
  br i1 %13, label %14, label %19

14:                                               ; preds = %9
  %15 = add i32 %12, -1
  %16 = icmp eq i32 %10, %15
  br i1 %16, label %363, label %17

17:                                               ; preds = %14
  %18 = add nuw i32 %10, 1
  br label %19

19:                                               ; preds = %17, %9, %7
  %20 = phi i32 [ %18, %17 ], [ 0, %7 ], [ 0, %9 ]
  store i32 %20, ptr %2, align 1
  br label %363

21:                                               ; preds = %3, %3, %3, %3, %3
  %22 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %23 = atomicrmw xchg ptr %22, i32 1 acquire, align 8
  %24 = icmp eq i32 %23, 0
  br i1 %24, label %32, label %25

25:                                               ; preds = %21, %28
  %26 = load atomic i32, ptr %22 monotonic, align 8
  %27 = icmp eq i32 %26, 0
  br i1 %27, label %29, label %28

28:                                               ; preds = %25, %29
  br label %25, !llvm.loop !47

29:                                               ; preds = %25
  %30 = atomicrmw xchg ptr %22, i32 1 acquire, align 8
  %31 = icmp eq i32 %30, 0
  br i1 %31, label %32, label %28

32:                                               ; preds = %29, %21
  %33 = icmp eq ptr %1, null
  br i1 %33, label %34, label %37

34:                                               ; preds = %32
  %35 = getelementptr inbounds nuw i8, ptr %0, i64 48
  %36 = load i32, ptr %35, align 8, !tbaa !26
  br label %135

37:                                               ; preds = %32
  %38 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %39 = load i32, ptr %38, align 8, !tbaa !15
  %40 = getelementptr inbounds nuw i8, ptr %0, i64 52
  %41 = load i32, ptr %40, align 4, !tbaa !38
  %42 = and i32 %39, 3
  %43 = icmp eq i32 %42, 0
  br i1 %43, label %44, label %47

44:                                               ; preds = %37
  %45 = lshr exact i32 %39, 2
  %46 = tail call i32 @ebpy_jhash2(ptr noundef nonnull readonly %1, i32 noundef %45, i32 noundef %41) #14
  br label %49

47:                                               ; preds = %37
  %48 = tail call i32 @ebpy_jhash(ptr noundef nonnull readonly %1, i32 noundef %39, i32 noundef %41) #14
  br label %49

49:                                               ; preds = %47, %44
  %50 = phi i32 [ %46, %44 ], [ %48, %47 ]
  %51 = getelementptr inbounds nuw i8, ptr %0, i64 144
  %52 = load i64, ptr %51, align 8, !tbaa !28
  %53 = getelementptr inbounds nuw i8, ptr %0, i64 %52
  %54 = getelementptr inbounds nuw i8, ptr %0, i64 48
  %55 = load i32, ptr %54, align 8, !tbaa !26
  %56 = add i32 %55, -1
  %57 = and i32 %56, %50
  %58 = zext i32 %57 to i64
  %59 = getelementptr inbounds nuw i32, ptr %53, i64 %58
  %60 = load i32, ptr %59, align 4, !tbaa !4
  %61 = icmp eq i32 %60, 0
  br i1 %61, label %135, label %62

62:                                               ; preds = %49
  %63 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %64 = load i64, ptr %63, align 8, !tbaa !29
  %65 = getelementptr inbounds nuw i8, ptr %0, i64 %64
  %66 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %67 = load i32, ptr %66, align 4, !tbaa !27
  %68 = zext i32 %67 to i64
  %69 = getelementptr inbounds nuw i8, ptr %0, i64 160
  %70 = zext i32 %39 to i64
  %71 = icmp ugt i32 %39, 7
  br label %72

72:                                               ; preds = %128, %62
  %73 = phi i32 [ %60, %62 ], [ %129, %128 ]
  %74 = add i32 %73, -1
  %75 = zext i32 %74 to i64
  %76 = mul nuw i64 %75, %68
  %77 = getelementptr inbounds nuw i8, ptr %65, i64 %76
  %78 = getelementptr inbounds nuw i8, ptr %77, i64 4
  %79 = load i32, ptr %78, align 4, !tbaa !53
  %80 = icmp eq i32 %79, %50
  br i1 %80, label %81, label %128

81:                                               ; preds = %72
  %82 = load i64, ptr %69, align 8, !tbaa !30
  %83 = getelementptr inbounds nuw i8, ptr %0, i64 %82
  %84 = mul nuw i64 %75, %70
  %85 = getelementptr inbounds nuw i8, ptr %83, i64 %84
  br i1 %71, label %86, label %98

86:                                               ; preds = %81, %93
  %87 = phi i32 [ %96, %93 ], [ %39, %81 ]
  %88 = phi ptr [ %95, %93 ], [ %1, %81 ]
  %89 = phi ptr [ %94, %93 ], [ %85, %81 ]
  %90 = load i64, ptr %89, align 1
  %91 = load i64, ptr %88, align 1
  %92 = icmp eq i64 %90, %91
  br i1 %92, label %93, label %128

93:                                               ; preds = %86
  %94 = getelementptr inbounds nuw i8, ptr %89, i64 8
  %95 = getelementptr inbounds nuw i8, ptr %88, i64 8
  %96 = add i32 %87, -8
  %97 = icmp ugt i32 %96, 7
  br i1 %97, label %86, label %98, !llvm.loop !55

98:                                               ; preds = %93, %81
  %99 = phi ptr [ %85, %81 ], [ %94, %93 ]
  %100 = phi ptr [ %1, %81 ], [ %95, %93 ]
  %101 = phi i32 [ %39, %81 ], [ %96, %93 ]
  %102 = icmp samesign ugt i32 %101, 3
  br i1 %102, label %103, label %111

103:                                              ; preds = %98
  %104 = load i32, ptr %99, align 1
  %105 = load i32, ptr %100, align 1
  %106 = icmp eq i32 %104, %105
  br i1 %106, label %107, label %128

107:                                              ; preds = %103
  %108 = getelementptr inbounds nuw i8, ptr %99, i64 4
  %109 = getelementptr inbounds nuw i8, ptr %100, i64 4
  %110 = add nsw i32 %101, -4
  br label %111

111:                                              ; preds = %107, %98
  %112 = phi ptr [ %108, %107 ], [ %99, %98 ]
  %113 = phi ptr [ %109, %107 ], [ %100, %98 ]
  %114 = phi i32 [ %110, %107 ], [ %101, %98 ]
  %115 = icmp eq i32 %114, 0
  br i1 %115, label %131, label %116

116:                                              ; preds = %111, %123
  %117 = phi i32 [ %126, %123 ], [ %114, %111 ]
  %118 = phi ptr [ %125, %123 ], [ %113, %111 ]
  %119 = phi ptr [ %124, %123 ], [ %112, %111 ]
  %120 = load i8, ptr %119, align 1, !tbaa !10
  %121 = load i8, ptr %118, align 1, !tbaa !10
  %122 = icmp eq i8 %120, %121
  br i1 %122, label %123, label %128

123:                                              ; preds = %116
  %124 = getelementptr inbounds nuw i8, ptr %119, i64 1
  %125 = getelementptr inbounds nuw i8, ptr %118, i64 1
  %126 = add nsw i32 %117, -1
  %127 = icmp eq i32 %126, 0
  br i1 %127, label %131, label %116, !llvm.loop !56

128:                                              ; preds = %86, %116, %103, %72
  %129 = load i32, ptr %77, align 4, !tbaa !4
  %130 = icmp eq i32 %129, 0
  br i1 %130, label %135, label %72, !llvm.loop !57

131:                                              ; preds = %111, %123
  %132 = load i32, ptr %77, align 4, !tbaa !63
  %133 = add i32 %57, 1
  %134 = icmp eq i32 %132, 0
  br i1 %134, label %135, label %158

135:                                              ; preds = %128, %34, %131, %49
  %136 = phi i32 [ %55, %131 ], [ %55, %49 ], [ %36, %34 ], [ %55, %128 ]
  %137 = phi i32 [ %133, %131 ], [ 0, %49 ], [ 0, %34 ], [ 0, %128 ]
  %138 = getelementptr inbounds nuw i8, ptr %0, i64 144
  %139 = zext i32 %137 to i64
  %140 = tail call i32 @llvm.umax.i32(i32 %137, i32 %136)
  %141 = zext i32 %140 to i64
  br label %142

142:                                              ; preds = %145, %135
  %143 = phi i64 [ %139, %135 ], [ %150, %145 ]
  %144 = icmp eq i64 %143, %141
  br i1 %144, label %167, label %145

145:                                              ; preds = %142
  %146 = load i64, ptr %138, align 8, !tbaa !28
  %147 = getelementptr inbounds nuw i8, ptr %0, i64 %146
  %148 = getelementptr inbounds nuw i32, ptr %147, i64 %143
  %149 = load i32, ptr %148, align 4, !tbaa !4
  %150 = add nuw nsw i64 %143, 1
  %151 = icmp eq i32 %149, 0
  br i1 %151, label %142, label %152, !llvm.loop !73

152:                                              ; preds = %145
  %153 = getelementptr inbounds nuw i8, ptr %0, i64 160
  %154 = load i64, ptr %153, align 8, !tbaa !30
  %155 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %156 = load i32, ptr %155, align 8, !tbaa !15
  %157 = zext i32 %156 to i64
  br label %158

158:                                              ; preds = %152, %131
  %159 = phi i64 [ %157, %152 ], [ %70, %131 ]
  %160 = phi i64 [ %154, %152 ], [ %82, %131 ]
  %161 = phi i32 [ %149, %152 ], [ %132, %131 ]
  %162 = getelementptr inbounds nuw i8, ptr %0, i64 %160
  %163 = add i32 %161, -1
  %164 = zext i32 %163 to i64
  %165 = mul nuw i64 %159, %164
  %166 = getelementptr inbounds nuw i8, ptr %162, i64 %165
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %2, ptr readonly align 1 %166, i64 %159, i1 false)
  br label %167

167:                                              ; preds = %142, %158
  %168 = phi i64 [ 0, %158 ], [ -2, %142 ]
  store atomic i32 0, ptr %22 release, align 8
  br label %363

169:                                              ; preds = %3
  call void @llvm.lifetime.start.p0(ptr nonnull %4) #13
  %170 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %171 = load i32, ptr %170, align 8, !tbaa !15
  %172 = shl i32 %171, 3
  %173 = add i32 %172, -32
  %174 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %175 = atomicrmw xchg ptr %174, i32 1 acquire, align 8
  %176 = icmp eq i32 %175, 0
  br i1 %176, label %184, label %177

177:                                              ; preds = %169, %180
  %178 = load atomic i32, ptr %174 monotonic, align 8
  %179 = icmp eq i32 %178, 0
  br i1 %179, label %181, label %180

180:                                              ; preds = %177, %181
  br label %177, !llvm.loop !47

181:                                              ; preds = %177
  %182 = atomicrmw xchg ptr %174, i32 1 acquire, align 8
  %183 = icmp eq i32 %182, 0
  br i1 %183, label %184, label %180

184:                                              ; preds = %181, %169
  %185 = getelementptr inbounds nuw i8, ptr %0, i64 80
  %186 = load i32, ptr %185, align 8, !tbaa !74
  %187 = icmp eq i32 %186, 0
  br i1 %187, label %359, label %188

188:                                              ; preds = %184
  %189 = icmp eq ptr %1, null
  br i1 %189, label %306, label %190

190:                                              ; preds = %188
  %191 = load i32, ptr %1, align 1
  %192 = getelementptr inbounds nuw i8, ptr %1, i64 4
  %193 = icmp ugt i32 %191, %173
  br i1 %193, label %306, label %194

194:                                              ; preds = %190
  %195 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %196 = load i64, ptr %195, align 8, !tbaa !29
  %197 = getelementptr inbounds nuw i8, ptr %0, i64 %196
  %198 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %199 = load i32, ptr %198, align 4, !tbaa !27
  %200 = zext i32 %199 to i64
  %201 = load i32, ptr %170, align 8, !tbaa !15
  %202 = add i32 %201, -4
  %203 = icmp ne i32 %202, 0
  %204 = zext i32 %202 to i64
  br label %205

205:                                              ; preds = %254, %194
  %206 = phi i64 [ -1, %194 ], [ %212, %254 ]
  %207 = phi i32 [ %186, %194 ], [ %266, %254 ]
  %208 = add i32 %207, -1
  %209 = zext i32 %208 to i64
  %210 = mul nuw i64 %209, %200
  %211 = getelementptr inbounds nuw i8, ptr %197, i64 %210
  %212 = add nsw i64 %206, 1
  %213 = getelementptr inbounds i32, ptr %4, i64 %212
  store i32 %207, ptr %213, align 4, !tbaa !4
  %214 = getelementptr inbounds nuw i8, ptr %211, i64 8
  %215 = load i32, ptr %214, align 4, !tbaa !4
  %216 = tail call noundef i32 @llvm.umin.i32(i32 %215, i32 %191)
  %217 = icmp ne i32 %216, 0
  %218 = and i1 %203, %217
  br i1 %218, label %219, label %249

219:                                              ; preds = %205
  %220 = getelementptr inbounds nuw i8, ptr %211, i64 16
  %221 = load i8, ptr %220, align 1, !tbaa !10
  %222 = load i8, ptr %192, align 1, !tbaa !10
  %223 = icmp eq i8 %221, %222
  br i1 %223, label %224, label %240

224:                                              ; preds = %219, %232
  %225 = phi i64 [ %226, %232 ], [ 0, %219 ]
  %226 = add nuw nsw i64 %225, 1
  %227 = icmp samesign ult i64 %226, %204
  %228 = trunc nuw i64 %226 to i32
  %229 = shl i32 %228, 3
  %230 = icmp ult i32 %229, %216
  %231 = and i1 %227, %230
  br i1 %231, label %232, label %249, !llvm.loop !66

232:                                              ; preds = %224
  %233 = getelementptr inbounds nuw i8, ptr %220, i64 %226
  %234 = load i8, ptr %233, align 1, !tbaa !10
  %235 = getelementptr inbounds nuw i8, ptr %192, i64 %226
  %236 = load i8, ptr %235, align 1, !tbaa !10
  %237 = icmp eq i8 %234, %236
  br i1 %237, label %224, label %238, !llvm.loop !66

238:                                              ; preds = %232
  %239 = add i32 %229, -24
  br label %240

240:                                              ; preds = %238, %219
  %241 = phi i32 [ -24, %219 ], [ %239, %238 ]
  %242 = phi i8 [ %221, %219 ], [ %234, %238 ]
  %243 = phi i8 [ %222, %219 ], [ %236, %238 ]
  %244 = xor i8 %243, %242
  %245 = zext i8 %244 to i32
  %246 = tail call range(i32 24, 33) i32 @llvm.ctlz.i32(i32 %245, i1 true)
  %247 = add i32 %246, %241
  %248 = tail call noundef i32 @llvm.umin.i32(i32 %247, i32 %216)
  br label %249

249:                                              ; preds = %224, %240, %205
  %250 = phi i32 [ %248, %240 ], [ %216, %205 ], [ %216, %224 ]
  %251 = icmp ne i32 %215, %250
  %252 = icmp eq i32 %215, %191
  %253 = or i1 %252, %251
  br i1 %253, label %268, label %254

254:                                              ; preds = %249
  %255 = lshr i32 %215, 3
  %256 = zext nneg i32 %255 to i64
  %257 = getelementptr inbounds nuw i8, ptr %192, i64 %256
  %258 = load i8, ptr %257, align 1, !tbaa !10
  %259 = zext i8 %258 to i32
  %260 = and i32 %215, 7
  %261 = xor i32 %260, 7
  %262 = lshr i32 %259, %261
  %263 = and i32 %262, 1
  %264 = zext nneg i32 %263 to i64
  %265 = getelementptr inbounds nuw i32, ptr %211, i64 %264
  %266 = load i32, ptr %265, align 4, !tbaa !4
  %267 = icmp eq i32 %266, 0
  br i1 %267, label %306, label %205

268:                                              ; preds = %249
  %269 = trunc nuw nsw i64 %212 to i32
  %270 = icmp eq i32 %215, %250
  br i1 %270, label %271, label %306

271:                                              ; preds = %268
  %272 = getelementptr inbounds nuw i8, ptr %211, i64 12
  %273 = load i32, ptr %272, align 4, !tbaa !4
  %274 = icmp eq i32 %273, 0
  br i1 %274, label %306, label %275

275:                                              ; preds = %271
  %276 = icmp sgt i64 %206, -1
  br i1 %276, label %277, label %359

277:                                              ; preds = %275
  %278 = shl i64 %212, 32
  %279 = ashr exact i64 %278, 30
  %280 = getelementptr inbounds i8, ptr %4, i64 %279
  %281 = load i32, ptr %280, align 4, !tbaa !4
  br label %285

282:                                              ; preds = %302
  %283 = add nsw i32 %287, -1
  %284 = icmp sgt i32 %287, 1
  br i1 %284, label %285, label %359

285:                                              ; preds = %282, %277
  %286 = phi i32 [ %291, %282 ], [ %281, %277 ]
  %287 = phi i32 [ %283, %282 ], [ %269, %277 ]
  %288 = zext nneg i32 %287 to i64
  %289 = getelementptr i32, ptr %4, i64 %288
  %290 = getelementptr i8, ptr %289, i64 -4
  %291 = load i32, ptr %290, align 4, !tbaa !4
  %292 = add i32 %291, -1
  %293 = zext i32 %292 to i64
  %294 = mul nuw i64 %293, %200
  %295 = getelementptr inbounds nuw i8, ptr %197, i64 %294
  %296 = load i32, ptr %295, align 4, !tbaa !4
  %297 = icmp eq i32 %296, %286
  br i1 %297, label %298, label %302

298:                                              ; preds = %285
  %299 = getelementptr inbounds nuw i8, ptr %295, i64 4
  %300 = load i32, ptr %299, align 4, !tbaa !4
  %301 = icmp eq i32 %300, 0
  br i1 %301, label %302, label %306

302:                                              ; preds = %298, %285
  %303 = getelementptr inbounds nuw i8, ptr %295, i64 12
  %304 = load i32, ptr %303, align 4, !tbaa !4
  %305 = icmp eq i32 %304, 0
  br i1 %305, label %282, label %338

306:                                              ; preds = %254, %298, %271, %268, %190, %188
  %307 = phi i32 [ %186, %190 ], [ %186, %268 ], [ %300, %298 ], [ %186, %271 ], [ %186, %188 ], [ %186, %254 ]
  %308 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %309 = load i64, ptr %308, align 8, !tbaa !29
  %310 = getelementptr inbounds nuw i8, ptr %0, i64 %309
  %311 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %312 = load i32, ptr %311, align 4, !tbaa !27
  %313 = zext i32 %312 to i64
  br label %314

314:                                              ; preds = %330, %306
  %315 = phi i32 [ %307, %306 ], [ %332, %330 ]
  %316 = phi i32 [ 0, %306 ], [ %331, %330 ]
  %317 = add i32 %315, -1
  %318 = zext i32 %317 to i64
  %319 = mul nuw i64 %318, %313
  %320 = getelementptr inbounds nuw i8, ptr %310, i64 %319
  %321 = getelementptr inbounds nuw i8, ptr %320, i64 12
  %322 = load i32, ptr %321, align 4, !tbaa !4
  %323 = icmp eq i32 %322, 0
  %324 = load i32, ptr %320, align 4, !tbaa !4
  br i1 %323, label %330, label %325

325:                                              ; preds = %314
  %326 = icmp eq i32 %324, 0
  br i1 %326, label %327, label %330

327:                                              ; preds = %325
  %328 = getelementptr inbounds nuw i8, ptr %320, i64 4
  %329 = load i32, ptr %328, align 4, !tbaa !4
  br label %330

330:                                              ; preds = %327, %325, %314
  %331 = phi i32 [ %315, %327 ], [ %315, %325 ], [ %316, %314 ]
  %332 = phi i32 [ %329, %327 ], [ %324, %325 ], [ %324, %314 ]
  %333 = icmp eq i32 %332, 0
  br i1 %333, label %334, label %314, !llvm.loop !75

334:                                              ; preds = %330
  %335 = add i32 %331, -1
  %336 = zext i32 %335 to i64
  %337 = mul nuw i64 %336, %313
  br label %338

338:                                              ; preds = %302, %334
  %339 = phi i64 [ %337, %334 ], [ %294, %302 ]
  %340 = phi i64 [ %336, %334 ], [ %293, %302 ]
  %341 = phi i64 [ %309, %334 ], [ %196, %302 ]
  %342 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %343 = getelementptr inbounds nuw i8, ptr %0, i64 %341
  %344 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %345 = getelementptr inbounds nuw i8, ptr %343, i64 %339
  %346 = getelementptr inbounds nuw i8, ptr %345, i64 8
  %347 = load i32, ptr %346, align 4, !tbaa !4
  store i32 %347, ptr %2, align 1
  %348 = getelementptr inbounds nuw i8, ptr %2, i64 4
  %349 = load i64, ptr %342, align 8, !tbaa !29
  %350 = getelementptr inbounds nuw i8, ptr %0, i64 %349
  %351 = load i32, ptr %344, align 4, !tbaa !27
  %352 = zext i32 %351 to i64
  %353 = mul nuw i64 %340, %352
  %354 = getelementptr inbounds nuw i8, ptr %350, i64 %353
  %355 = getelementptr inbounds nuw i8, ptr %354, i64 16
  %356 = load i32, ptr %170, align 8, !tbaa !15
  %357 = add i32 %356, -4
  %358 = zext i32 %357 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr nonnull align 1 %348, ptr nonnull readonly align 1 %355, i64 %358, i1 false)
  br label %359

359:                                              ; preds = %282, %184, %275, %338
  %360 = phi i64 [ 0, %338 ], [ -2, %184 ], [ -2, %275 ], [ -2, %282 ]
  store atomic i32 0, ptr %174 release, align 8
  call void @llvm.lifetime.end.p0(ptr nonnull %4) #13
  br label %363

361:                                              ; preds = %3
  br label %363

362:                                              ; preds = %3
  br label %363

363:                                              ; preds = %19, %14, %3, %362, %361, %359, %167
  %364 = phi i64 [ -22, %362 ], [ -95, %3 ], [ %168, %167 ], [ %360, %359 ], [ -524, %361 ], [ -2, %14 ], [ 0, %19 ]
  ret i64 %364
}

; Function Attrs: nofree norecurse nounwind memory(argmem: readwrite)
define dso_local range(i64 -524, 1) i64 @ebpy_map_lookup_and_delete(ptr noundef %0, ptr noundef readonly captures(none) %1, ptr noundef writeonly captures(none) %2, i32 noundef %3) local_unnamed_addr #6 {
  %5 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %6 = load i32, ptr %5, align 4, !tbaa !12
  switch i32 %6, label %55 [
    i32 1, label %7
    i32 5, label %7
    i32 9, label %7
    i32 10, label %7
    i32 22, label %9
    i32 23, label %9
  ]

7:                                                ; preds = %4, %4, %4, %4
  %8 = tail call fastcc i64 @htab_lookup_copy(ptr noundef nonnull %0, ptr noundef %1, ptr noundef %2, i32 noundef %3, i32 noundef 1) #14
  br label %55

9:                                                ; preds = %4, %4
  %10 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %11 = load i32, ptr %10, align 8, !tbaa !17
  %12 = add i32 %11, 1
  %13 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %14 = atomicrmw xchg ptr %13, i32 1 acquire, align 8
  %15 = icmp eq i32 %14, 0
  br i1 %15, label %23, label %16

16:                                               ; preds = %9, %19
  %17 = load atomic i32, ptr %13 monotonic, align 8
  %18 = icmp eq i32 %17, 0
  br i1 %18, label %20, label %19

19:                                               ; preds = %16, %20
  br label %16, !llvm.loop !47

20:                                               ; preds = %16
  %21 = atomicrmw xchg ptr %13, i32 1 acquire, align 8
  %22 = icmp eq i32 %21, 0
  br i1 %22, label %23, label %19

23:                                               ; preds = %20, %9
  %24 = getelementptr inbounds nuw i8, ptr %0, i64 92
  %25 = load i32, ptr %24, align 4, !tbaa !45
  %26 = getelementptr inbounds nuw i8, ptr %0, i64 96
  %27 = load i32, ptr %26, align 8, !tbaa !46
  %28 = icmp eq i32 %25, %27
  br i1 %28, label %29, label %33

29:                                               ; preds = %23
  store atomic i32 0, ptr %13 release, align 8
  %30 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %31 = load i32, ptr %30, align 4, !tbaa !16
  %32 = zext i32 %31 to i64
  tail call void @llvm.memset.p0.i64(ptr align 1 %2, i8 0, i64 %32, i1 false)
  br label %55

33:                                               ; preds = %23
  %34 = load i32, ptr %5, align 4, !tbaa !12
  %35 = icmp eq i32 %34, 22
  br i1 %35, label %36, label %40

36:                                               ; preds = %33
  %37 = add i32 %27, 1
  %38 = icmp ult i32 %37, %12
  %39 = select i1 %38, i32 %37, i32 0
  store i32 %39, ptr %26, align 8, !tbaa !46
  br label %44

40:                                               ; preds = %33
  %41 = icmp eq i32 %25, 0
  %42 = add i32 %25, -1
  %43 = select i1 %41, i32 %11, i32 %42
  store i32 %43, ptr %24, align 4, !tbaa !45
  br label %44

44:                                               ; preds = %40, %36
  %45 = phi i32 [ %27, %36 ], [ %43, %40 ]
  %46 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %47 = load i64, ptr %46, align 8, !tbaa !25
  %48 = getelementptr inbounds nuw i8, ptr %0, i64 %47
  %49 = zext i32 %45 to i64
  %50 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %51 = load i32, ptr %50, align 4, !tbaa !16
  %52 = zext i32 %51 to i64
  %53 = mul nuw i64 %52, %49
  %54 = getelementptr inbounds nuw i8, ptr %48, i64 %53
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %2, ptr readonly align 1 %54, i64 %52, i1 false)
  store atomic i32 0, ptr %13 release, align 8
  br label %55

55:                                               ; preds = %44, %29, %4, %7
  %56 = phi i64 [ -524, %4 ], [ %8, %7 ], [ -2, %29 ], [ 0, %44 ]
  ret i64 %56
}

; Function Attrs: nofree norecurse nounwind memory(argmem: readwrite)
define dso_local range(i64 -22, 1) i64 @ebpy_map_push(ptr noundef captures(none) %0, ptr noundef readonly captures(none) %1, i64 noundef %2) local_unnamed_addr #6 {
  %4 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %5 = load i32, ptr %4, align 4, !tbaa !12
  switch i32 %5, label %91 [
    i32 22, label %6
    i32 23, label %6
    i32 30, label %52
  ]

6:                                                ; preds = %3, %3
  %7 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %8 = load i32, ptr %7, align 8, !tbaa !17
  %9 = add i32 %8, 1
  %10 = and i64 %2, 1
  %11 = icmp ne i64 %10, 0
  %12 = icmp ugt i64 %2, 2
  %13 = or i1 %12, %11
  br i1 %13, label %91, label %14

14:                                               ; preds = %6
  %15 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %16 = atomicrmw xchg ptr %15, i32 1 acquire, align 8
  %17 = icmp eq i32 %16, 0
  br i1 %17, label %25, label %18

18:                                               ; preds = %14, %21
  %19 = load atomic i32, ptr %15 monotonic, align 8
  %20 = icmp eq i32 %19, 0
  br i1 %20, label %22, label %21

21:                                               ; preds = %18, %22
  br label %18, !llvm.loop !47

22:                                               ; preds = %18
  %23 = atomicrmw xchg ptr %15, i32 1 acquire, align 8
  %24 = icmp eq i32 %23, 0
  br i1 %24, label %25, label %21

25:                                               ; preds = %22, %14
  %26 = getelementptr inbounds nuw i8, ptr %0, i64 92
  %27 = load i32, ptr %26, align 4, !tbaa !45
  %28 = add i32 %27, 1
  %29 = icmp ult i32 %28, %9
  %30 = select i1 %29, i32 %28, i32 0
  %31 = getelementptr inbounds nuw i8, ptr %0, i64 96
  %32 = load i32, ptr %31, align 8, !tbaa !46
  %33 = icmp eq i32 %30, %32
  br i1 %33, label %34, label %40

34:                                               ; preds = %25
  %35 = icmp eq i64 %2, 0
  br i1 %35, label %50, label %36

36:                                               ; preds = %34
  %37 = add i32 %30, 1
  %38 = icmp ult i32 %37, %9
  %39 = select i1 %38, i32 %37, i32 0
  store i32 %39, ptr %31, align 8, !tbaa !46
  br label %40

40:                                               ; preds = %36, %25
  %41 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %42 = load i64, ptr %41, align 8, !tbaa !25
  %43 = getelementptr inbounds nuw i8, ptr %0, i64 %42
  %44 = zext i32 %27 to i64
  %45 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %46 = load i32, ptr %45, align 4, !tbaa !16
  %47 = zext i32 %46 to i64
  %48 = mul nuw i64 %47, %44
  %49 = getelementptr inbounds nuw i8, ptr %43, i64 %48
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %49, ptr readonly align 1 %1, i64 %47, i1 false)
  store i32 %30, ptr %26, align 4, !tbaa !45
  br label %50

50:                                               ; preds = %40, %34
  %51 = phi i64 [ 0, %40 ], [ -7, %34 ]
  store atomic i32 0, ptr %15 release, align 8
  br label %91

52:                                               ; preds = %3
  %53 = icmp eq i64 %2, 0
  br i1 %53, label %54, label %91

54:                                               ; preds = %52
  %55 = getelementptr inbounds nuw i8, ptr %0, i64 100
  %56 = load i32, ptr %55, align 4, !tbaa !31
  %57 = icmp eq i32 %56, 0
  br i1 %57, label %91, label %58

58:                                               ; preds = %54
  %59 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %60 = getelementptr inbounds nuw i8, ptr %0, i64 52
  %61 = getelementptr inbounds nuw i8, ptr %0, i64 104
  %62 = getelementptr inbounds nuw i8, ptr %0, i64 168
  br label %63

63:                                               ; preds = %75, %58
  %64 = phi i32 [ 0, %58 ], [ %88, %75 ]
  %65 = load i32, ptr %59, align 4, !tbaa !16
  %66 = load i32, ptr %60, align 4, !tbaa !38
  %67 = add i32 %66, %64
  %68 = and i32 %65, 3
  %69 = icmp eq i32 %68, 0
  br i1 %69, label %70, label %73

70:                                               ; preds = %63
  %71 = lshr exact i32 %65, 2
  %72 = tail call i32 @ebpy_jhash2(ptr noundef readonly %1, i32 noundef %71, i32 noundef %67) #14
  br label %75

73:                                               ; preds = %63
  %74 = tail call i32 @ebpy_jhash(ptr noundef readonly %1, i32 noundef %65, i32 noundef %67) #14
  br label %75

75:                                               ; preds = %73, %70
  %76 = phi i32 [ %72, %70 ], [ %74, %73 ]
  %77 = load i32, ptr %61, align 8, !tbaa !32
  %78 = and i32 %77, %76
  %79 = load i64, ptr %62, align 8, !tbaa !25
  %80 = getelementptr inbounds nuw i8, ptr %0, i64 %79
  %81 = lshr i32 %78, 6
  %82 = zext nneg i32 %81 to i64
  %83 = getelementptr inbounds nuw i64, ptr %80, i64 %82
  %84 = and i32 %78, 63
  %85 = zext nneg i32 %84 to i64
  %86 = shl nuw i64 1, %85
  %87 = atomicrmw or ptr %83, i64 %86 monotonic, align 8
  %88 = add nuw i32 %64, 1
  %89 = load i32, ptr %55, align 4, !tbaa !31
  %90 = icmp ult i32 %88, %89
  br i1 %90, label %63, label %91, !llvm.loop !68

91:                                               ; preds = %75, %54, %52, %50, %6, %3
  %92 = phi i64 [ -22, %3 ], [ %51, %50 ], [ -22, %6 ], [ -22, %52 ], [ 0, %54 ], [ 0, %75 ]
  ret i64 %92
}

; Function Attrs: nofree norecurse nounwind memory(argmem: readwrite)
define dso_local range(i64 -95, 1) i64 @ebpy_map_pop(ptr noundef captures(none) %0, ptr noundef writeonly captures(none) %1) local_unnamed_addr #6 {
  %3 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %4 = load i32, ptr %3, align 4, !tbaa !12
  switch i32 %4, label %51 [
    i32 22, label %5
    i32 23, label %5
    i32 30, label %52
  ]

5:                                                ; preds = %2, %2
  %6 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %7 = load i32, ptr %6, align 8, !tbaa !17
  %8 = add i32 %7, 1
  %9 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %10 = atomicrmw xchg ptr %9, i32 1 acquire, align 8
  %11 = icmp eq i32 %10, 0
  br i1 %11, label %19, label %12

12:                                               ; preds = %5, %15
  %13 = load atomic i32, ptr %9 monotonic, align 8
  %14 = icmp eq i32 %13, 0
  br i1 %14, label %16, label %15

15:                                               ; preds = %12, %16
  br label %12, !llvm.loop !47

16:                                               ; preds = %12
  %17 = atomicrmw xchg ptr %9, i32 1 acquire, align 8
  %18 = icmp eq i32 %17, 0
  br i1 %18, label %19, label %15

19:                                               ; preds = %16, %5
  %20 = getelementptr inbounds nuw i8, ptr %0, i64 92
  %21 = load i32, ptr %20, align 4, !tbaa !45
  %22 = getelementptr inbounds nuw i8, ptr %0, i64 96
  %23 = load i32, ptr %22, align 8, !tbaa !46
  %24 = icmp eq i32 %21, %23
  br i1 %24, label %25, label %29

25:                                               ; preds = %19
  store atomic i32 0, ptr %9 release, align 8
  %26 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %27 = load i32, ptr %26, align 4, !tbaa !16
  %28 = zext i32 %27 to i64
  tail call void @llvm.memset.p0.i64(ptr align 1 %1, i8 0, i64 %28, i1 false)
  br label %52

29:                                               ; preds = %19
  %30 = load i32, ptr %3, align 4, !tbaa !12
  %31 = icmp eq i32 %30, 22
  br i1 %31, label %32, label %36

32:                                               ; preds = %29
  %33 = add i32 %23, 1
  %34 = icmp ult i32 %33, %8
  %35 = select i1 %34, i32 %33, i32 0
  store i32 %35, ptr %22, align 8, !tbaa !46
  br label %40

36:                                               ; preds = %29
  %37 = icmp eq i32 %21, 0
  %38 = add i32 %21, -1
  %39 = select i1 %37, i32 %7, i32 %38
  store i32 %39, ptr %20, align 4, !tbaa !45
  br label %40

40:                                               ; preds = %36, %32
  %41 = phi i32 [ %23, %32 ], [ %39, %36 ]
  %42 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %43 = load i64, ptr %42, align 8, !tbaa !25
  %44 = getelementptr inbounds nuw i8, ptr %0, i64 %43
  %45 = zext i32 %41 to i64
  %46 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %47 = load i32, ptr %46, align 4, !tbaa !16
  %48 = zext i32 %47 to i64
  %49 = mul nuw i64 %48, %45
  %50 = getelementptr inbounds nuw i8, ptr %44, i64 %49
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %1, ptr readonly align 1 %50, i64 %48, i1 false)
  store atomic i32 0, ptr %9 release, align 8
  br label %52

51:                                               ; preds = %2
  br label %52

52:                                               ; preds = %40, %25, %2, %51
  %53 = phi i64 [ -95, %2 ], [ -22, %51 ], [ -2, %25 ], [ 0, %40 ]
  ret i64 %53
}

; Function Attrs: nofree norecurse nounwind memory(argmem: readwrite)
define dso_local range(i64 -22, 1) i64 @ebpy_map_peek(ptr noundef captures(none) %0, ptr noundef captures(none) %1) local_unnamed_addr #6 {
  %3 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %4 = load i32, ptr %3, align 4, !tbaa !12
  switch i32 %4, label %83 [
    i32 22, label %5
    i32 23, label %5
    i32 30, label %44
  ]

5:                                                ; preds = %2, %2
  %6 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %7 = load i32, ptr %6, align 8, !tbaa !17
  %8 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %9 = atomicrmw xchg ptr %8, i32 1 acquire, align 8
  %10 = icmp eq i32 %9, 0
  br i1 %10, label %18, label %11

11:                                               ; preds = %5, %14
  %12 = load atomic i32, ptr %8 monotonic, align 8
  %13 = icmp eq i32 %12, 0
  br i1 %13, label %15, label %14

14:                                               ; preds = %11, %15
  br label %11, !llvm.loop !47

15:                                               ; preds = %11
  %16 = atomicrmw xchg ptr %8, i32 1 acquire, align 8
  %17 = icmp eq i32 %16, 0
  br i1 %17, label %18, label %14

18:                                               ; preds = %15, %5
  %19 = getelementptr inbounds nuw i8, ptr %0, i64 92
  %20 = load i32, ptr %19, align 4, !tbaa !45
  %21 = getelementptr inbounds nuw i8, ptr %0, i64 96
  %22 = load i32, ptr %21, align 8, !tbaa !46
  %23 = icmp eq i32 %20, %22
  br i1 %23, label %24, label %28

24:                                               ; preds = %18
  store atomic i32 0, ptr %8 release, align 8
  %25 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %26 = load i32, ptr %25, align 4, !tbaa !16
  %27 = zext i32 %26 to i64
  tail call void @llvm.memset.p0.i64(ptr align 1 %1, i8 0, i64 %27, i1 false)
  br label %83

28:                                               ; preds = %18
  %29 = load i32, ptr %3, align 4, !tbaa !12
  %30 = icmp eq i32 %29, 22
  %31 = icmp eq i32 %20, 0
  %32 = add i32 %20, -1
  %33 = select i1 %31, i32 %7, i32 %32
  %34 = select i1 %30, i32 %22, i32 %33
  %35 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %36 = load i64, ptr %35, align 8, !tbaa !25
  %37 = getelementptr inbounds nuw i8, ptr %0, i64 %36
  %38 = zext i32 %34 to i64
  %39 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %40 = load i32, ptr %39, align 4, !tbaa !16
  %41 = zext i32 %40 to i64
  %42 = mul nuw i64 %41, %38
  %43 = getelementptr inbounds nuw i8, ptr %37, i64 %42
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %1, ptr readonly align 1 %43, i64 %41, i1 false)
  store atomic i32 0, ptr %8 release, align 8
  br label %83

44:                                               ; preds = %2
  %45 = getelementptr inbounds nuw i8, ptr %0, i64 100
  %46 = load i32, ptr %45, align 4, !tbaa !31
  %47 = icmp eq i32 %46, 0
  br i1 %47, label %83, label %48

48:                                               ; preds = %44
  %49 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %50 = load i32, ptr %49, align 4, !tbaa !16
  %51 = getelementptr inbounds nuw i8, ptr %0, i64 52
  %52 = load i32, ptr %51, align 4, !tbaa !38
  %53 = and i32 %50, 3
  %54 = icmp eq i32 %53, 0
  %55 = lshr exact i32 %50, 2
  %56 = getelementptr inbounds nuw i8, ptr %0, i64 104
  %57 = getelementptr inbounds nuw i8, ptr %0, i64 168
  br label %61

58:                                               ; preds = %68
  %59 = add nuw i32 %62, 1
  %60 = icmp eq i32 %59, %46
  br i1 %60, label %83, label %61, !llvm.loop !62

61:                                               ; preds = %58, %48
  %62 = phi i32 [ 0, %48 ], [ %59, %58 ]
  %63 = add i32 %62, %52
  br i1 %54, label %64, label %66

64:                                               ; preds = %61
  %65 = tail call i32 @ebpy_jhash2(ptr noundef readonly %1, i32 noundef %55, i32 noundef %63) #14
  br label %68

66:                                               ; preds = %61
  %67 = tail call i32 @ebpy_jhash(ptr noundef readonly %1, i32 noundef %50, i32 noundef %63) #14
  br label %68

68:                                               ; preds = %66, %64
  %69 = phi i32 [ %65, %64 ], [ %67, %66 ]
  %70 = load i32, ptr %56, align 8, !tbaa !32
  %71 = and i32 %70, %69
  %72 = load i64, ptr %57, align 8, !tbaa !25
  %73 = getelementptr inbounds nuw i8, ptr %0, i64 %72
  %74 = lshr i32 %71, 6
  %75 = zext nneg i32 %74 to i64
  %76 = getelementptr inbounds nuw i64, ptr %73, i64 %75
  %77 = load atomic i64, ptr %76 monotonic, align 8
  %78 = and i32 %71, 63
  %79 = zext nneg i32 %78 to i64
  %80 = shl nuw i64 1, %79
  %81 = and i64 %80, %77
  %82 = icmp eq i64 %81, 0
  br i1 %82, label %83, label %58

83:                                               ; preds = %68, %58, %44, %28, %24, %2
  %84 = phi i64 [ -22, %2 ], [ 0, %28 ], [ -2, %24 ], [ 0, %44 ], [ -2, %68 ], [ 0, %58 ]
  ret i64 %84
}

; Function Attrs: nofree norecurse nounwind memory(argmem: readwrite)
define dso_local range(i64 -524, 1) i64 @ebpy_map_lookup_batch(ptr noundef captures(none) %0, ptr noundef readonly captures(address_is_null) %1, ptr noundef writeonly captures(none) %2, ptr noundef writeonly captures(none) %3, ptr noundef writeonly captures(none) %4, ptr noundef captures(none) %5, i32 noundef %6) local_unnamed_addr #6 {
  %8 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %9 = load i32, ptr %8, align 4, !tbaa !12
  switch i32 %9, label %186 [
    i32 10, label %10
    i32 9, label %10
    i32 5, label %10
    i32 1, label %10
    i32 13, label %10
  ]

10:                                               ; preds = %7, %7, %7, %7, %7
  %11 = load i32, ptr %5, align 4, !tbaa !4
  %12 = icmp eq ptr %1, null
  br i1 %12, label %15, label %13

13:                                               ; preds = %10
  %14 = load i32, ptr %1, align 4, !tbaa !4
  br label %15

15:                                               ; preds = %13, %10
  %16 = phi i32 [ %14, %13 ], [ 0, %10 ]
  %17 = add nsw i32 %9, -7
  %18 = icmp ult i32 %17, -2
  %19 = icmp ne i32 %9, 10
  %20 = and i1 %19, %18
  %21 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %22 = getelementptr inbounds nuw i8, ptr %0, i64 32
  %23 = select i1 %20, ptr %22, ptr %21
  %24 = load i32, ptr %23, align 8, !tbaa !4
  %25 = icmp eq i32 %11, 0
  br i1 %25, label %186, label %26

26:                                               ; preds = %15
  store i32 0, ptr %5, align 4, !tbaa !4
  %27 = getelementptr inbounds nuw i8, ptr %0, i64 48
  %28 = load i32, ptr %27, align 8, !tbaa !26
  %29 = icmp ult i32 %16, %28
  br i1 %29, label %30, label %186

30:                                               ; preds = %26
  %31 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %32 = getelementptr inbounds nuw i8, ptr %0, i64 144
  %33 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %34 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %35 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %36 = getelementptr inbounds nuw i8, ptr %0, i64 160
  %37 = zext i32 %24 to i64
  %38 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %39 = icmp eq i32 %6, 0
  %40 = getelementptr inbounds nuw i8, ptr %0, i64 72
  %41 = getelementptr inbounds nuw i8, ptr %0, i64 76
  %42 = getelementptr inbounds nuw i8, ptr %0, i64 68
  %43 = getelementptr inbounds nuw i8, ptr %0, i64 60
  %44 = zext i32 %16 to i64
  br label %45

45:                                               ; preds = %176, %30
  %46 = phi i64 [ %44, %30 ], [ %177, %176 ]
  %47 = phi i32 [ 0, %30 ], [ %122, %176 ]
  %48 = atomicrmw xchg ptr %31, i32 1 acquire, align 8
  %49 = icmp eq i32 %48, 0
  br i1 %49, label %57, label %50

50:                                               ; preds = %45, %53
  %51 = load atomic i32, ptr %31 monotonic, align 8
  %52 = icmp eq i32 %51, 0
  br i1 %52, label %54, label %53

53:                                               ; preds = %50, %54
  br label %50, !llvm.loop !47

54:                                               ; preds = %50
  %55 = atomicrmw xchg ptr %31, i32 1 acquire, align 8
  %56 = icmp eq i32 %55, 0
  br i1 %56, label %57, label %53

57:                                               ; preds = %54, %45
  %58 = load i64, ptr %32, align 8, !tbaa !28
  %59 = getelementptr inbounds nuw i8, ptr %0, i64 %58
  %60 = getelementptr inbounds nuw i32, ptr %59, i64 %46
  %61 = load i32, ptr %60, align 4, !tbaa !4
  %62 = icmp eq i32 %61, 0
  br i1 %62, label %121, label %63

63:                                               ; preds = %57
  %64 = load i64, ptr %33, align 8, !tbaa !29
  %65 = getelementptr inbounds nuw i8, ptr %0, i64 %64
  %66 = load i32, ptr %34, align 4, !tbaa !27
  %67 = zext i32 %66 to i64
  br label %68

68:                                               ; preds = %68, %63
  %69 = phi i32 [ %61, %63 ], [ %76, %68 ]
  %70 = phi i32 [ 0, %63 ], [ %71, %68 ]
  %71 = add i32 %70, 1
  %72 = add i32 %69, -1
  %73 = zext i32 %72 to i64
  %74 = mul nuw i64 %73, %67
  %75 = getelementptr inbounds nuw i8, ptr %65, i64 %74
  %76 = load i32, ptr %75, align 4, !tbaa !4
  %77 = icmp eq i32 %76, 0
  br i1 %77, label %78, label %68, !llvm.loop !76

78:                                               ; preds = %68
  %79 = sub i32 %11, %47
  %80 = icmp ugt i32 %71, %79
  br i1 %80, label %81, label %84

81:                                               ; preds = %78
  store atomic i32 0, ptr %31 release, align 8
  %82 = icmp eq i32 %47, 0
  %83 = select i1 %82, i64 -28, i64 0
  br label %181

84:                                               ; preds = %78, %110
  %85 = phi i32 [ %119, %110 ], [ %61, %78 ]
  %86 = phi i32 [ %112, %110 ], [ %47, %78 ]
  %87 = zext i32 %86 to i64
  %88 = load i32, ptr %35, align 8, !tbaa !15
  %89 = zext i32 %88 to i64
  %90 = mul nuw i64 %89, %87
  %91 = getelementptr inbounds nuw i8, ptr %3, i64 %90
  %92 = load i64, ptr %36, align 8, !tbaa !30
  %93 = getelementptr inbounds nuw i8, ptr %0, i64 %92
  %94 = add i32 %85, -1
  %95 = zext i32 %94 to i64
  %96 = mul nuw i64 %89, %95
  %97 = getelementptr inbounds nuw i8, ptr %93, i64 %96
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %91, ptr readonly align 1 %97, i64 %89, i1 false)
  %98 = mul nuw i64 %87, %37
  %99 = getelementptr inbounds nuw i8, ptr %4, i64 %98
  %100 = load i64, ptr %38, align 8, !tbaa !25
  %101 = getelementptr inbounds nuw i8, ptr %0, i64 %100
  %102 = load i32, ptr %21, align 8, !tbaa !24
  %103 = zext i32 %102 to i64
  %104 = mul nuw i64 %103, %95
  %105 = getelementptr inbounds nuw i8, ptr %101, i64 %104
  %106 = load i32, ptr %8, align 4, !tbaa !12
  switch i32 %106, label %107 [
    i32 10, label %110
    i32 6, label %110
    i32 5, label %110
  ]

107:                                              ; preds = %84
  %108 = load i32, ptr %22, align 8, !tbaa !22
  %109 = zext i32 %108 to i64
  br label %110

110:                                              ; preds = %107, %84, %84, %84
  %111 = phi i64 [ %109, %107 ], [ %103, %84 ], [ %103, %84 ], [ %103, %84 ]
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %99, ptr nonnull readonly align 1 %105, i64 %111, i1 false)
  %112 = add i32 %86, 1
  %113 = load i64, ptr %33, align 8, !tbaa !29
  %114 = getelementptr inbounds nuw i8, ptr %0, i64 %113
  %115 = load i32, ptr %34, align 4, !tbaa !27
  %116 = zext i32 %115 to i64
  %117 = mul nuw i64 %116, %95
  %118 = getelementptr inbounds nuw i8, ptr %114, i64 %117
  %119 = load i32, ptr %118, align 4, !tbaa !4
  %120 = icmp eq i32 %119, 0
  br i1 %120, label %121, label %84, !llvm.loop !77

121:                                              ; preds = %110, %57
  %122 = phi i32 [ %47, %57 ], [ %112, %110 ]
  br i1 %39, label %176, label %123

123:                                              ; preds = %121
  %124 = load i32, ptr %60, align 4, !tbaa !4
  %125 = icmp eq i32 %124, 0
  br i1 %125, label %176, label %126

126:                                              ; preds = %123
  %127 = load i64, ptr %33, align 8, !tbaa !29
  %128 = getelementptr inbounds nuw i8, ptr %0, i64 %127
  %129 = load i32, ptr %34, align 4, !tbaa !27
  br label %130

130:                                              ; preds = %169, %126
  %131 = phi i32 [ %129, %126 ], [ %142, %169 ]
  %132 = phi i32 [ %124, %126 ], [ %174, %169 ]
  %133 = add i32 %132, -1
  %134 = zext i32 %133 to i64
  %135 = zext i32 %131 to i64
  %136 = mul nuw i64 %134, %135
  %137 = getelementptr inbounds nuw i8, ptr %128, i64 %136
  %138 = load i32, ptr %137, align 4, !tbaa !63
  store i32 %138, ptr %60, align 4, !tbaa !4
  %139 = load i32, ptr %8, align 4, !tbaa !12
  %140 = add i32 %139, -11
  %141 = icmp ult i32 %140, -2
  %142 = load i32, ptr %34, align 4, !tbaa !27
  %143 = zext i32 %142 to i64
  %144 = mul nuw i64 %143, %134
  br i1 %141, label %169, label %145

145:                                              ; preds = %130
  %146 = getelementptr inbounds nuw i8, ptr %128, i64 %144
  %147 = getelementptr inbounds nuw i8, ptr %146, i64 8
  %148 = load i32, ptr %147, align 4, !tbaa !59
  %149 = icmp eq i32 %148, 0
  %150 = getelementptr inbounds nuw i8, ptr %146, i64 12
  %151 = load i32, ptr %150, align 4, !tbaa !60
  br i1 %149, label %158, label %152

152:                                              ; preds = %145
  %153 = add i32 %148, -1
  %154 = zext i32 %153 to i64
  %155 = mul nuw i64 %154, %143
  %156 = getelementptr inbounds nuw i8, ptr %128, i64 %155
  %157 = getelementptr inbounds nuw i8, ptr %156, i64 12
  store i32 %151, ptr %157, align 4, !tbaa !60
  br label %159

158:                                              ; preds = %145
  store i32 %151, ptr %40, align 8, !tbaa !58
  br label %159

159:                                              ; preds = %158, %152
  %160 = icmp eq i32 %151, 0
  br i1 %160, label %167, label %161

161:                                              ; preds = %159
  %162 = add i32 %151, -1
  %163 = zext i32 %162 to i64
  %164 = mul nuw i64 %163, %143
  %165 = getelementptr inbounds nuw i8, ptr %128, i64 %164
  %166 = getelementptr inbounds nuw i8, ptr %165, i64 8
  store i32 %148, ptr %166, align 4, !tbaa !59
  br label %168

167:                                              ; preds = %159
  store i32 %148, ptr %41, align 4, !tbaa !61
  br label %168

168:                                              ; preds = %167, %161
  store i32 0, ptr %147, align 4, !tbaa !59
  store i32 0, ptr %150, align 4, !tbaa !60
  br label %169

169:                                              ; preds = %168, %130
  %170 = load i32, ptr %42, align 4, !tbaa !64
  %171 = getelementptr inbounds nuw i8, ptr %128, i64 %144
  store i32 %170, ptr %171, align 4, !tbaa !63
  store i32 %132, ptr %42, align 4, !tbaa !64
  %172 = load i32, ptr %43, align 4, !tbaa !65
  %173 = add i32 %172, -1
  store i32 %173, ptr %43, align 4, !tbaa !65
  %174 = load i32, ptr %60, align 4, !tbaa !4
  %175 = icmp eq i32 %174, 0
  br i1 %175, label %176, label %130, !llvm.loop !78

176:                                              ; preds = %169, %123, %121
  store atomic i32 0, ptr %31 release, align 8
  %177 = add nuw nsw i64 %46, 1
  %178 = load i32, ptr %27, align 8, !tbaa !26
  %179 = zext i32 %178 to i64
  %180 = icmp samesign ult i64 %177, %179
  br i1 %180, label %45, label %181

181:                                              ; preds = %176, %81
  %182 = phi i64 [ %46, %81 ], [ %177, %176 ]
  %183 = phi i32 [ %47, %81 ], [ %122, %176 ]
  %184 = phi i64 [ %83, %81 ], [ -2, %176 ]
  %185 = trunc i64 %182 to i32
  store i32 %185, ptr %2, align 4, !tbaa !4
  store i32 %183, ptr %5, align 4, !tbaa !4
  br label %186

186:                                              ; preds = %7, %181, %26, %15
  %187 = phi i64 [ -524, %7 ], [ 0, %15 ], [ %184, %181 ], [ -2, %26 ]
  ret i64 %187
}

; Function Attrs: nofree norecurse nounwind memory(argmem: readwrite)
define dso_local range(i64 -524, 1) i64 @ebpy_map_clear(ptr noundef captures(none) %0) local_unnamed_addr #6 {
  %2 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %3 = load i32, ptr %2, align 4, !tbaa !12
  switch i32 %3, label %15 [
    i32 2, label %4
    i32 6, label %4
    i32 3, label %4
    i32 12, label %4
    i32 27, label %60
  ]

4:                                                ; preds = %1, %1, %1, %1
  %5 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %6 = load i64, ptr %5, align 8, !tbaa !25
  %7 = getelementptr inbounds nuw i8, ptr %0, i64 %6
  %8 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %9 = load i32, ptr %8, align 8, !tbaa !17
  %10 = zext i32 %9 to i64
  %11 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %12 = load i32, ptr %11, align 8, !tbaa !24
  %13 = zext i32 %12 to i64
  %14 = mul nuw i64 %13, %10
  tail call void @llvm.memset.p0.i64(ptr align 1 %7, i8 0, i64 %14, i1 false)
  br label %60

15:                                               ; preds = %1
  %16 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %17 = atomicrmw xchg ptr %16, i32 1 acquire, align 8
  %18 = icmp eq i32 %17, 0
  br i1 %18, label %26, label %19

19:                                               ; preds = %15, %22
  %20 = load atomic i32, ptr %16 monotonic, align 8
  %21 = icmp eq i32 %20, 0
  br i1 %21, label %23, label %22

22:                                               ; preds = %19, %23
  br label %19, !llvm.loop !47

23:                                               ; preds = %19
  %24 = atomicrmw xchg ptr %16, i32 1 acquire, align 8
  %25 = icmp eq i32 %24, 0
  br i1 %25, label %26, label %22

26:                                               ; preds = %23, %15
  %27 = load i32, ptr %2, align 4, !tbaa !12
  switch i32 %27, label %50 [
    i32 30, label %28
    i32 22, label %39
    i32 23, label %39
    i32 10, label %42
    i32 9, label %42
    i32 5, label %42
    i32 1, label %42
    i32 13, label %42
  ]

28:                                               ; preds = %26
  %29 = getelementptr inbounds nuw i8, ptr %0, i64 104
  %30 = load i32, ptr %29, align 8, !tbaa !32
  %31 = zext i32 %30 to i64
  %32 = add nuw nsw i64 %31, 1
  %33 = lshr i64 %32, 3
  %34 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %35 = load i64, ptr %34, align 8, !tbaa !25
  %36 = getelementptr inbounds nuw i8, ptr %0, i64 %35
  %37 = add nuw nsw i64 %33, 7
  %38 = and i64 %37, 2147483640
  tail call void @llvm.memset.p0.i64(ptr align 1 %36, i8 0, i64 %38, i1 false)
  br label %59

39:                                               ; preds = %26, %26
  %40 = getelementptr inbounds nuw i8, ptr %0, i64 92
  store i32 0, ptr %40, align 4, !tbaa !45
  %41 = getelementptr inbounds nuw i8, ptr %0, i64 96
  store i32 0, ptr %41, align 8, !tbaa !46
  br label %59

42:                                               ; preds = %26, %26, %26, %26, %26
  %43 = getelementptr inbounds nuw i8, ptr %0, i64 144
  %44 = load i64, ptr %43, align 8, !tbaa !28
  %45 = getelementptr inbounds nuw i8, ptr %0, i64 %44
  %46 = getelementptr inbounds nuw i8, ptr %0, i64 48
  %47 = load i32, ptr %46, align 8, !tbaa !26
  %48 = zext i32 %47 to i64
  %49 = shl nuw nsw i64 %48, 2
  tail call void @llvm.memset.p0.i64(ptr align 1 %45, i8 0, i64 %49, i1 false)
  br label %50

50:                                               ; preds = %26, %42
  %51 = getelementptr inbounds nuw i8, ptr %0, i64 60
  store i32 0, ptr %51, align 4, !tbaa !65
  %52 = getelementptr inbounds nuw i8, ptr %0, i64 64
  store i32 0, ptr %52, align 8, !tbaa !69
  %53 = getelementptr inbounds nuw i8, ptr %0, i64 68
  store i32 0, ptr %53, align 4, !tbaa !64
  %54 = getelementptr inbounds nuw i8, ptr %0, i64 72
  store i32 0, ptr %54, align 8, !tbaa !58
  %55 = getelementptr inbounds nuw i8, ptr %0, i64 76
  store i32 0, ptr %55, align 4, !tbaa !61
  %56 = getelementptr inbounds nuw i8, ptr %0, i64 80
  store i32 0, ptr %56, align 8, !tbaa !74
  %57 = getelementptr inbounds nuw i8, ptr %0, i64 84
  store i32 0, ptr %57, align 4, !tbaa !79
  %58 = getelementptr inbounds nuw i8, ptr %0, i64 88
  store i32 0, ptr %58, align 8, !tbaa !72
  br label %59

59:                                               ; preds = %50, %39, %28
  store atomic i32 0, ptr %16 release, align 8
  br label %60

60:                                               ; preds = %1, %59, %4
  %61 = phi i64 [ 0, %59 ], [ 0, %4 ], [ -524, %1 ]
  ret i64 %61
}

; Function Attrs: mustprogress nocallback nofree nounwind willreturn memory(argmem: readwrite)
declare void @llvm.memcpy.p0.p0.i64(ptr noalias writeonly captures(none), ptr noalias readonly captures(none), i64, i1 immarg) #9

; Function Attrs: mustprogress nocallback nofree nounwind willreturn memory(argmem: write)
declare void @llvm.memset.p0.i64(ptr writeonly captures(none), i8, i64, i1 immarg) #10

; Function Attrs: mustprogress nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i32 @llvm.ctlz.i32(i32, i1 immarg) #11

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: readwrite)
define internal fastcc i32 @lpm_new_node(ptr noundef captures(none) %0, i32 noundef %1, ptr noundef readonly captures(none) %2, ptr noundef readonly captures(none) %3) unnamed_addr #3 {
  %5 = getelementptr inbounds nuw i8, ptr %0, i64 68
  %6 = load i32, ptr %5, align 4, !tbaa !64
  %7 = icmp eq i32 %6, 0
  br i1 %7, label %25, label %8

8:                                                ; preds = %4
  %9 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %10 = load i64, ptr %9, align 8, !tbaa !29
  %11 = getelementptr inbounds nuw i8, ptr %0, i64 %10
  %12 = add i32 %6, -1
  %13 = zext i32 %12 to i64
  %14 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %15 = load i32, ptr %14, align 4, !tbaa !27
  %16 = zext i32 %15 to i64
  %17 = mul nuw i64 %16, %13
  %18 = getelementptr inbounds nuw i8, ptr %11, i64 %17
  %19 = load i32, ptr %18, align 4, !tbaa !4
  store i32 %19, ptr %5, align 4, !tbaa !64
  store i32 0, ptr %18, align 4, !tbaa !4
  %20 = load i32, ptr %14, align 4, !tbaa !27
  %21 = zext i32 %20 to i64
  %22 = mul nuw i64 %21, %13
  %23 = getelementptr inbounds nuw i8, ptr %11, i64 %22
  %24 = getelementptr inbounds nuw i8, ptr %23, i64 4
  store i32 0, ptr %24, align 4, !tbaa !4
  br label %52

25:                                               ; preds = %4
  %26 = getelementptr inbounds nuw i8, ptr %0, i64 64
  %27 = load i32, ptr %26, align 8, !tbaa !69
  %28 = zext i32 %27 to i64
  %29 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %30 = load i32, ptr %29, align 8, !tbaa !17
  %31 = zext i32 %30 to i64
  %32 = shl nuw nsw i64 %31, 1
  %33 = icmp samesign ugt i64 %32, %28
  br i1 %33, label %34, label %123

34:                                               ; preds = %25
  %35 = add i32 %27, 1
  store i32 %35, ptr %26, align 8, !tbaa !69
  %36 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %37 = load i64, ptr %36, align 8, !tbaa !29
  %38 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %39 = load i32, ptr %38, align 4, !tbaa !27
  %40 = zext i32 %39 to i64
  %41 = mul nuw i64 %40, %28
  %42 = getelementptr inbounds nuw i8, ptr %0, i64 %37
  %43 = getelementptr inbounds nuw i8, ptr %42, i64 %41
  store i32 0, ptr %43, align 4, !tbaa !4
  %44 = load i32, ptr %38, align 4, !tbaa !27
  %45 = zext i32 %44 to i64
  %46 = mul nuw i64 %45, %28
  %47 = getelementptr inbounds nuw i8, ptr %42, i64 %46
  %48 = getelementptr inbounds nuw i8, ptr %47, i64 4
  store i32 0, ptr %48, align 4, !tbaa !4
  %49 = icmp eq i32 %35, 0
  br i1 %49, label %123, label %50

50:                                               ; preds = %34
  %51 = zext i32 %27 to i64
  br label %52

52:                                               ; preds = %50, %8
  %53 = phi i64 [ %51, %50 ], [ %13, %8 ]
  %54 = phi i64 [ %37, %50 ], [ %10, %8 ]
  %55 = phi i32 [ %35, %50 ], [ %6, %8 ]
  %56 = getelementptr inbounds nuw i8, ptr %0, i64 %54
  %57 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %58 = load i32, ptr %57, align 4, !tbaa !27
  %59 = zext i32 %58 to i64
  %60 = mul nuw i64 %53, %59
  %61 = getelementptr inbounds nuw i8, ptr %56, i64 %60
  %62 = getelementptr inbounds nuw i8, ptr %61, i64 12
  store i32 0, ptr %62, align 4, !tbaa !4
  %63 = load i32, ptr %57, align 4, !tbaa !27
  %64 = zext i32 %63 to i64
  %65 = mul nuw i64 %53, %64
  %66 = getelementptr inbounds nuw i8, ptr %56, i64 %65
  %67 = getelementptr inbounds nuw i8, ptr %66, i64 12
  %68 = load i32, ptr %67, align 4, !tbaa !4
  %69 = icmp eq i32 %68, 0
  br i1 %69, label %70, label %96

70:                                               ; preds = %52
  %71 = getelementptr inbounds nuw i8, ptr %0, i64 88
  %72 = load i32, ptr %71, align 8, !tbaa !72
  %73 = icmp eq i32 %72, 0
  br i1 %73, label %86, label %74

74:                                               ; preds = %70
  %75 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %76 = load i64, ptr %75, align 8, !tbaa !25
  %77 = getelementptr inbounds nuw i8, ptr %0, i64 %76
  %78 = add i32 %72, -1
  %79 = zext i32 %78 to i64
  %80 = getelementptr inbounds nuw i8, ptr %0, i64 36
  %81 = load i32, ptr %80, align 4, !tbaa !23
  %82 = zext i32 %81 to i64
  %83 = mul nuw i64 %82, %79
  %84 = getelementptr inbounds nuw i8, ptr %77, i64 %83
  %85 = load i32, ptr %84, align 1
  store i32 %85, ptr %71, align 8, !tbaa !72
  br label %94

86:                                               ; preds = %70
  %87 = getelementptr inbounds nuw i8, ptr %0, i64 84
  %88 = load i32, ptr %87, align 4, !tbaa !79
  %89 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %90 = load i32, ptr %89, align 8, !tbaa !17
  %91 = icmp ult i32 %88, %90
  br i1 %91, label %92, label %117

92:                                               ; preds = %86
  %93 = add nuw i32 %88, 1
  store i32 %93, ptr %87, align 4, !tbaa !79
  br label %94

94:                                               ; preds = %92, %74
  %95 = phi i32 [ %93, %92 ], [ %72, %74 ]
  store i32 %95, ptr %67, align 4, !tbaa !4
  br label %96

96:                                               ; preds = %52, %94
  %97 = phi i32 [ %95, %94 ], [ %68, %52 ]
  %98 = getelementptr inbounds nuw i8, ptr %66, i64 8
  store i32 %1, ptr %98, align 4, !tbaa !4
  %99 = getelementptr inbounds nuw i8, ptr %66, i64 16
  %100 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %101 = load i32, ptr %100, align 8, !tbaa !15
  %102 = add i32 %101, -4
  %103 = zext i32 %102 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr nonnull align 1 %99, ptr readonly align 1 %2, i64 %103, i1 false)
  %104 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %105 = load i64, ptr %104, align 8, !tbaa !25
  %106 = getelementptr inbounds nuw i8, ptr %0, i64 %105
  %107 = add i32 %97, -1
  %108 = zext i32 %107 to i64
  %109 = getelementptr inbounds nuw i8, ptr %0, i64 36
  %110 = load i32, ptr %109, align 4, !tbaa !23
  %111 = zext i32 %110 to i64
  %112 = mul nuw i64 %111, %108
  %113 = getelementptr inbounds nuw i8, ptr %106, i64 %112
  %114 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %115 = load i32, ptr %114, align 4, !tbaa !16
  %116 = zext i32 %115 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %113, ptr readonly align 1 %3, i64 %116, i1 false)
  br label %123

117:                                              ; preds = %86
  store i32 0, ptr %67, align 4, !tbaa !4
  %118 = load i32, ptr %5, align 4, !tbaa !64
  %119 = load i32, ptr %57, align 4, !tbaa !27
  %120 = zext i32 %119 to i64
  %121 = mul nuw i64 %53, %120
  %122 = getelementptr inbounds nuw i8, ptr %56, i64 %121
  store i32 %118, ptr %122, align 4, !tbaa !4
  store i32 %55, ptr %5, align 4, !tbaa !64
  br label %123

123:                                              ; preds = %25, %96, %34, %117
  %124 = phi i32 [ 0, %117 ], [ 0, %34 ], [ %55, %96 ], [ 0, %25 ]
  ret i32 %124
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: readwrite)
define internal fastcc range(i64 -12, 1) i64 @lpm_fill(ptr noundef captures(none) %0, i32 noundef range(i32 1, 0) %1, i32 noundef %2, ptr noundef readonly captures(none) %3, ptr noundef readonly captures(none) %4) unnamed_addr #3 {
  %6 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %7 = load i64, ptr %6, align 8, !tbaa !29
  %8 = getelementptr inbounds nuw i8, ptr %0, i64 %7
  %9 = add i32 %1, -1
  %10 = zext i32 %9 to i64
  %11 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %12 = load i32, ptr %11, align 4, !tbaa !27
  %13 = zext i32 %12 to i64
  %14 = mul nuw i64 %13, %10
  %15 = getelementptr inbounds nuw i8, ptr %8, i64 %14
  %16 = getelementptr inbounds nuw i8, ptr %15, i64 12
  %17 = load i32, ptr %16, align 4, !tbaa !4
  %18 = icmp eq i32 %17, 0
  br i1 %18, label %19, label %46

19:                                               ; preds = %5
  %20 = getelementptr inbounds nuw i8, ptr %0, i64 88
  %21 = load i32, ptr %20, align 8, !tbaa !72
  %22 = icmp eq i32 %21, 0
  br i1 %22, label %35, label %23

23:                                               ; preds = %19
  %24 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %25 = load i64, ptr %24, align 8, !tbaa !25
  %26 = getelementptr inbounds nuw i8, ptr %0, i64 %25
  %27 = add i32 %21, -1
  %28 = zext i32 %27 to i64
  %29 = getelementptr inbounds nuw i8, ptr %0, i64 36
  %30 = load i32, ptr %29, align 4, !tbaa !23
  %31 = zext i32 %30 to i64
  %32 = mul nuw i64 %31, %28
  %33 = getelementptr inbounds nuw i8, ptr %26, i64 %32
  %34 = load i32, ptr %33, align 1
  store i32 %34, ptr %20, align 8, !tbaa !72
  br label %43

35:                                               ; preds = %19
  %36 = getelementptr inbounds nuw i8, ptr %0, i64 84
  %37 = load i32, ptr %36, align 4, !tbaa !79
  %38 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %39 = load i32, ptr %38, align 8, !tbaa !17
  %40 = icmp ult i32 %37, %39
  br i1 %40, label %41, label %45

41:                                               ; preds = %35
  %42 = add nuw i32 %37, 1
  store i32 %42, ptr %36, align 4, !tbaa !79
  br label %43

43:                                               ; preds = %23, %41
  %44 = phi i32 [ %42, %41 ], [ %21, %23 ]
  store i32 %44, ptr %16, align 4, !tbaa !4
  br label %46

45:                                               ; preds = %35
  store i32 0, ptr %16, align 4, !tbaa !4
  br label %67

46:                                               ; preds = %43, %5
  %47 = phi i32 [ %44, %43 ], [ %17, %5 ]
  %48 = getelementptr inbounds nuw i8, ptr %15, i64 8
  store i32 %2, ptr %48, align 4, !tbaa !4
  %49 = getelementptr inbounds nuw i8, ptr %15, i64 16
  %50 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %51 = load i32, ptr %50, align 8, !tbaa !15
  %52 = add i32 %51, -4
  %53 = zext i32 %52 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr nonnull align 1 %49, ptr readonly align 1 %3, i64 %53, i1 false)
  %54 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %55 = load i64, ptr %54, align 8, !tbaa !25
  %56 = getelementptr inbounds nuw i8, ptr %0, i64 %55
  %57 = add i32 %47, -1
  %58 = zext i32 %57 to i64
  %59 = getelementptr inbounds nuw i8, ptr %0, i64 36
  %60 = load i32, ptr %59, align 4, !tbaa !23
  %61 = zext i32 %60 to i64
  %62 = mul nuw i64 %61, %58
  %63 = getelementptr inbounds nuw i8, ptr %56, i64 %62
  %64 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %65 = load i32, ptr %64, align 4, !tbaa !16
  %66 = zext i32 %65 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %63, ptr readonly align 1 %4, i64 %66, i1 false)
  br label %67

67:                                               ; preds = %45, %46
  %68 = phi i64 [ 0, %46 ], [ -12, %45 ]
  ret i64 %68
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: readwrite)
define internal fastcc i32 @lpm_node_alloc(ptr noundef captures(none) %0) unnamed_addr #3 {
  %2 = getelementptr inbounds nuw i8, ptr %0, i64 68
  %3 = load i32, ptr %2, align 4, !tbaa !64
  %4 = icmp eq i32 %3, 0
  br i1 %4, label %17, label %5

5:                                                ; preds = %1
  %6 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %7 = load i64, ptr %6, align 8, !tbaa !29
  %8 = getelementptr inbounds nuw i8, ptr %0, i64 %7
  %9 = add i32 %3, -1
  %10 = zext i32 %9 to i64
  %11 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %12 = load i32, ptr %11, align 4, !tbaa !27
  %13 = zext i32 %12 to i64
  %14 = mul nuw i64 %13, %10
  %15 = getelementptr inbounds nuw i8, ptr %8, i64 %14
  %16 = load i32, ptr %15, align 4, !tbaa !4
  store i32 %16, ptr %2, align 4, !tbaa !64
  br label %35

17:                                               ; preds = %1
  %18 = getelementptr inbounds nuw i8, ptr %0, i64 64
  %19 = load i32, ptr %18, align 8, !tbaa !69
  %20 = zext i32 %19 to i64
  %21 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %22 = load i32, ptr %21, align 8, !tbaa !17
  %23 = zext i32 %22 to i64
  %24 = shl nuw nsw i64 %23, 1
  %25 = icmp samesign ugt i64 %24, %20
  br i1 %25, label %26, label %48

26:                                               ; preds = %17
  %27 = add i32 %19, 1
  store i32 %27, ptr %18, align 8, !tbaa !69
  %28 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %29 = load i64, ptr %28, align 8, !tbaa !29
  %30 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %31 = load i32, ptr %30, align 4, !tbaa !27
  %32 = zext i32 %19 to i64
  %33 = zext i32 %31 to i64
  %34 = mul nuw i64 %33, %32
  br label %35

35:                                               ; preds = %26, %5
  %36 = phi i64 [ %34, %26 ], [ %14, %5 ]
  %37 = phi i64 [ %32, %26 ], [ %10, %5 ]
  %38 = phi i64 [ %29, %26 ], [ %7, %5 ]
  %39 = phi i32 [ %27, %26 ], [ %3, %5 ]
  %40 = getelementptr inbounds nuw i8, ptr %0, i64 %38
  %41 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %42 = getelementptr inbounds nuw i8, ptr %40, i64 %36
  store i32 0, ptr %42, align 4, !tbaa !4
  %43 = load i32, ptr %41, align 4, !tbaa !27
  %44 = zext i32 %43 to i64
  %45 = mul nuw i64 %37, %44
  %46 = getelementptr inbounds nuw i8, ptr %40, i64 %45
  %47 = getelementptr inbounds nuw i8, ptr %46, i64 4
  store i32 0, ptr %47, align 4, !tbaa !4
  br label %48

48:                                               ; preds = %17, %35
  %49 = phi i32 [ %39, %35 ], [ 0, %17 ]
  ret i32 %49
}

; Function Attrs: nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare i32 @llvm.fshl.i32(i32, i32, i32) #12

; Function Attrs: nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare i32 @llvm.umax.i32(i32, i32) #12

; Function Attrs: nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare i32 @llvm.umin.i32(i32, i32) #12

attributes #0 = { nofree norecurse nosync nounwind memory(argmem: read) }
attributes #1 = { mustprogress nocallback nofree nosync nounwind willreturn memory(argmem: readwrite) }
attributes #2 = { mustprogress nofree norecurse nosync nounwind willreturn memory(none) }
attributes #3 = { mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: readwrite) }
attributes #4 = { mustprogress nofree norecurse nounwind willreturn memory(argmem: readwrite) }
attributes #5 = { mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: write) }
attributes #6 = { nofree norecurse nounwind memory(argmem: readwrite) }
attributes #7 = { mustprogress nofree norecurse nounwind willreturn memory(readwrite, inaccessiblemem: none, target_mem0: none, target_mem1: none) }
attributes #8 = { nofree norecurse nounwind memory(readwrite, inaccessiblemem: none, target_mem0: none, target_mem1: none) }
attributes #9 = { mustprogress nocallback nofree nounwind willreturn memory(argmem: readwrite) }
attributes #10 = { mustprogress nocallback nofree nounwind willreturn memory(argmem: write) }
attributes #11 = { mustprogress nocallback nofree nosync nounwind speculatable willreturn memory(none) }
attributes #12 = { nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none) }
attributes #13 = { nounwind }
attributes #14 = { nobuiltin }


!0 = !{i32 7, !"Dwarf Version", i32 4}
!1 = !{i32 1, !"wchar_size", i32 4}
!2 = !{i32 7, !"frame-pointer", i32 2}
!3 = !{!"clang version 22.1.8"}
!4 = !{!5, !5, i64 0}
!5 = !{!"int", !6, i64 0}
!6 = !{!"omnipotent char", !7, i64 0}
!7 = !{!"Simple C/C++ TBAA"}
!8 = distinct !{!8, !9}
!9 = !{!"llvm.loop.mustprogress"}
!10 = !{!6, !6, i64 0}
!11 = distinct !{!11, !9}
!12 = !{!13, !5, i64 4}
!13 = !{!"ebpy_map", !5, i64 0, !5, i64 4, !5, i64 8, !5, i64 12, !5, i64 16, !5, i64 20, !5, i64 24, !5, i64 28, !5, i64 32, !5, i64 36, !5, i64 40, !5, i64 44, !5, i64 48, !5, i64 52, !5, i64 56, !5, i64 60, !5, i64 64, !5, i64 68, !5, i64 72, !5, i64 76, !5, i64 80, !5, i64 84, !5, i64 88, !5, i64 92, !5, i64 96, !5, i64 100, !5, i64 104, !5, i64 108, !5, i64 112, !5, i64 116, !5, i64 120, !5, i64 124, !14, i64 128, !14, i64 136, !14, i64 144, !14, i64 152, !14, i64 160, !14, i64 168, !14, i64 176, !14, i64 184, !14, i64 192, !14, i64 200, !14, i64 208, !14, i64 216}
!14 = !{!"long long", !6, i64 0}
!15 = !{!13, !5, i64 8}
!16 = !{!13, !5, i64 12}
!17 = !{!13, !5, i64 16}
!18 = !{!13, !5, i64 20}
!19 = !{!13, !5, i64 24}
!20 = !{!13, !14, i64 128}
!21 = !{!13, !5, i64 28}
!22 = !{!13, !5, i64 32}
!23 = !{!13, !5, i64 36}
!24 = !{!13, !5, i64 40}
!25 = !{!13, !14, i64 168}
!26 = !{!13, !5, i64 48}
!27 = !{!13, !5, i64 44}
!28 = !{!13, !14, i64 144}
!29 = !{!13, !14, i64 152}
!30 = !{!13, !14, i64 160}
!31 = !{!13, !5, i64 100}
!32 = !{!13, !5, i64 104}
!33 = !{!13, !14, i64 176}
!34 = !{!13, !14, i64 184}
!35 = !{!13, !14, i64 192}
!36 = !{!13, !14, i64 200}
!37 = !{!13, !14, i64 136}
!38 = !{!13, !5, i64 52}
!39 = !{!13, !5, i64 108}
!40 = !{!13, !5, i64 112}
!41 = !{!13, !5, i64 116}
!42 = !{!13, !5, i64 120}
!43 = !{!13, !5, i64 124}
!44 = !{!13, !5, i64 0}
!45 = !{!13, !5, i64 92}
!46 = !{!13, !5, i64 96}
!47 = distinct !{!47, !9}
!48 = !{!13, !14, i64 208}
!49 = !{!14, !14, i64 0}
!50 = !{!51, !5, i64 0}
!51 = !{!"ringbuf_hdr", !5, i64 0, !5, i64 4}
!52 = !{!51, !5, i64 4}
!53 = !{!54, !5, i64 4}
!54 = !{!"htab_link", !5, i64 0, !5, i64 4, !5, i64 8, !5, i64 12}
!55 = distinct !{!55, !9}
!56 = distinct !{!56, !9}
!57 = distinct !{!57, !9}
!58 = !{!13, !5, i64 72}
!59 = !{!54, !5, i64 8}
!60 = !{!54, !5, i64 12}
!61 = !{!13, !5, i64 76}
!62 = distinct !{!62, !9}
!63 = !{!54, !5, i64 0}
!64 = !{!13, !5, i64 68}
!65 = !{!13, !5, i64 60}
!66 = distinct !{!66, !9}
!67 = distinct !{!67, !9}
!68 = distinct !{!68, !9}
!69 = !{!13, !5, i64 64}
!70 = distinct !{!70, !9}
!71 = distinct !{!71, !9}
!72 = !{!13, !5, i64 88}
!73 = distinct !{!73, !9}
!74 = !{!13, !5, i64 80}
!75 = distinct !{!75, !9}
!76 = distinct !{!76, !9}
!77 = distinct !{!77, !9}
!78 = distinct !{!78, !9}
!79 = !{!13, !5, i64 84}
